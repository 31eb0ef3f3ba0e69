/** The sensor CLI's fleet subcommands: their own module, so the plain sensor names them without loading NATS. */
export const FLEET_ROLES = ['fleet', 'capture', 'worker', 'alerts'] as const;
export type FleetRole = (typeof FLEET_ROLES)[number];
