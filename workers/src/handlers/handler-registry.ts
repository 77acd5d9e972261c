import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ANALYSIS_TYPES, AnalysisType } from '../contracts';
import { AnalysisHandler } from './analysis-handler';

export class HandlerRegistryError extends Error {}

export interface DiscoveredHandler {
  type: string;
  name: string;
  handler: AnalysisHandler;
}

/**
 * One handler per analysis type, exactly: a type without a handler, a type with two, or a
 * handler for a type the contracts do not know stops the process at boot, not at the first job.
 */
export function buildHandlerTable(found: readonly DiscoveredHandler[], known: readonly string[] = ANALYSIS_TYPES): Map<string, AnalysisHandler> {
  const problems: string[] = [];
  const table = new Map<string, AnalysisHandler>();
  for (const type of known) {
    const matches = found.filter((h) => h.type === type);
    if (matches.length === 0) problems.push(`no handler for analysis type "${type}"`);
    if (matches.length > 1) problems.push(`analysis type "${type}" has ${matches.length} handlers: ${matches.map((h) => h.name).join(', ')}`);
    if (matches.length === 1) table.set(type, matches[0].handler);
  }
  for (const h of found) {
    if (!known.includes(h.type)) problems.push(`${h.name} handles unknown analysis type "${h.type}" (known: ${known.join(', ')})`);
  }
  if (problems.length > 0) throw new HandlerRegistryError(`analysis handlers are misconfigured:\n  ${problems.join('\n  ')}`);
  return table;
}

@Injectable()
export class HandlerRegistry implements OnModuleInit {
  private table = new Map<string, AnalysisHandler>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const found = this.discovery.getProviders({ metadataKey: AnalysisHandler.KEY }).map((wrapper) => ({
      type: this.discovery.getMetadataByDecorator(AnalysisHandler, wrapper) ?? '',
      name: wrapper.name,
      handler: wrapper.instance as AnalysisHandler,
    }));
    this.table = buildHandlerTable(found);
  }

  handlerFor(type: AnalysisType): AnalysisHandler {
    const handler = this.table.get(type);
    if (!handler) throw new HandlerRegistryError(`no handler for analysis type "${type}"`);
    return handler;
  }
}
