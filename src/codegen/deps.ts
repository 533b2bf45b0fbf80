/** Which npm packages and brokers a set of services needs. */
import type { ServiceSpec, SimModel } from '../engine/types';
import type { TransportKind } from '../shared';
import { TRANSPORT_PACKAGES } from './transports';
import type { PackageName } from './versions';

const NEST: PackageName[] = [
  '@nestjs/common',
  '@nestjs/core',
  '@nestjs/microservices',
  'reflect-metadata',
  'rxjs',
];

export function usedPackages(services: readonly ServiceSpec[]): PackageName[] {
  const kinds = new Set(services.map((s) => s.transport.kind));
  return [...NEST, ...[...kinds].flatMap((k) => TRANSPORT_PACKAGES[k] as PackageName[])];
}

const BROKERS = ['redis', 'nats', 'rmq', 'mqtt', 'kafka'] as const;
export type BrokerKind = (typeof BROKERS)[number];

/** The broker kinds the services use, in a fixed order. */
export function brokerKinds(model: SimModel): BrokerKind[] {
  const kinds = new Set<TransportKind>(model.services.map((s) => s.transport.kind));
  return BROKERS.filter((k) => kinds.has(k));
}
