import { Injectable, Module, Provider } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { loadConfig } from '@mimamori/db';
import { DataSource } from 'typeorm';
import { CONFIG } from '../core/core.module';
import { ANALYSIS_PROVIDERS } from '../analyses/analysis-handlers';
import { ANALYSIS_TYPES, AnalysisType } from '../contracts';
import { AnalysisHandler, AnalysisResult } from './analysis-handler';
import { buildHandlerTable, HandlerRegistry } from './handler-registry';

@AnalysisHandler('beat-stats')
@Injectable()
class FirstBeatStats implements AnalysisHandler<unknown> {
  validate(params: unknown) {
    return { ok: true as const, params };
  }
  async run(): Promise<AnalysisResult> {
    return { features: [], summary: {} };
  }
}

@AnalysisHandler('beat-stats')
@Injectable()
class SecondBeatStats extends FirstBeatStats {}

@AnalysisHandler('no-such-analysis' as AnalysisType)
@Injectable()
class StrayHandler extends FirstBeatStats {}

/** One stand-in handler for each other analysis type, so each test varies only beat-stats. */
function stubHandler(type: AnalysisType): Provider {
  @AnalysisHandler(type)
  @Injectable()
  class Stub extends FirstBeatStats {}
  Object.defineProperty(Stub, 'name', { value: `Stub(${type})` });
  return Stub;
}
const OTHER_TYPES = ANALYSIS_TYPES.filter((t) => t !== 'beat-stats').map(stubHandler);

function boot(providers: Provider[]) {
  @Module({ imports: [DiscoveryModule], providers: [...providers, HandlerRegistry, { provide: DataSource, useValue: {} }, { provide: CONFIG, useValue: loadConfig({ NODE_ENV: 'test' }) }] })
  class TestModule {}
  return NestFactory.createApplicationContext(TestModule, { logger: false, abortOnError: false });
}

describe('handler registry', () => {
  it('finds the one handler of each analysis type at boot', async () => {
    const app = await boot([FirstBeatStats, ...OTHER_TYPES]);
    expect(app.get(HandlerRegistry).handlerFor('beat-stats')).toBeInstanceOf(FirstBeatStats);
    await app.close();
  });

  it('ships exactly one handler for every analysis type of the contracts', async () => {
    const app = await boot(ANALYSIS_PROVIDERS);
    expect(app.get(HandlerRegistry).handlerFor('beat-stats').constructor.name).toBe('BeatStatsHandler');
    await app.close();
  });

  it('fails boot when an analysis type has no handler', async () => {
    await expect(boot(OTHER_TYPES)).rejects.toThrow('no handler for analysis type "beat-stats"');
  });

  it('fails boot when an analysis type has two handlers, naming both', async () => {
    await expect(boot([FirstBeatStats, SecondBeatStats, ...OTHER_TYPES])).rejects.toThrow(
      'analysis type "beat-stats" has 2 handlers: FirstBeatStats, SecondBeatStats',
    );
  });

  it('fails boot on a handler for a type the contracts do not know', async () => {
    await expect(boot([FirstBeatStats, StrayHandler, ...OTHER_TYPES])).rejects.toThrow('StrayHandler handles unknown analysis type "no-such-analysis"');
  });

  it('reports every problem at once', () => {
    const handler = new FirstBeatStats();
    expect(() =>
      buildHandlerTable(
        [
          { type: 'a', name: 'A1', handler },
          { type: 'a', name: 'A2', handler },
        ],
        ['a', 'b'],
      ),
    ).toThrow(/"a" has 2 handlers: A1, A2\n\s+no handler for analysis type "b"/);
  });
});
