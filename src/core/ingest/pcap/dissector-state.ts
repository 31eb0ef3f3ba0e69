/** What dissection remembers from frame to frame: TCP conversations, announced conversations, fragments. */
import { WildcardConversations } from './conversations.ts';
import { TcpTracker } from './tcp-tracker.ts';

export interface Fragments {
  /** Captured bytes of the datagram's payload, by fragment offset. */
  readonly parts: Map<number, Uint8Array>;
  total: number;
}

export class DissectorState {
  readonly tcp: TcpTracker;
  /** Announced UDP conversations (TFTP). */
  readonly udpAnnounced = new WildcardConversations();
  /** Announced TCP conversations (FTP data connections). */
  readonly tcpAnnounced = new WildcardConversations();
  /** IPv4 datagrams being reassembled, by src|dst|id|proto. */
  readonly fragments = new Map<string, Fragments>();

  /** `maxTcpConversations`, `streamStarts`: as TcpTracker takes them (a sensor bounds what it keeps). */
  constructor(maxTcpConversations = Infinity, streamStarts = true) {
    this.tcp = new TcpTracker(maxTcpConversations, streamStarts);
  }
}
