/**
 * Conversations that a dissector announces for later frames, as Wireshark's conversation table does with
 * one port left open: a TFTP request claims every later datagram between the two hosts from the client's
 * port (whatever the server answers from), an FTP PASV/EPSV reply claims the data connection to the port
 * it names. Lookups match either direction, newest announcement first.
 */

export interface Announced {
  readonly proto: string;
  readonly setupFrame: number;
}

export class WildcardConversations {
  private readonly byKey = new Map<string, Announced>();
  /** The announced ports, so that most lookups end without building a key. */
  private readonly ports = new Set<number>();

  /** Frames between addrA:portA and addrB:any port, from frame `setupFrame` on, go to `proto`. */
  announce(addrA: string, portA: number, addrB: string, proto: string, setupFrame: number): void {
    this.byKey.set(`${addrA}|${portA}|${addrB}`, { proto, setupFrame });
    this.ports.add(portA);
  }

  find(src: string, sport: number, dst: string, dport: number): Announced | undefined {
    const s = this.ports.has(sport);
    const d = this.ports.has(dport);
    if (!s && !d) return undefined;
    return (
      (s ? this.byKey.get(`${src}|${sport}|${dst}`) : undefined) ??
      (d ? this.byKey.get(`${dst}|${dport}|${src}`) : undefined)
    );
  }
}
