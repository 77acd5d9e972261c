import { BadRequestException, INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { SERVING_ROLE, type MimamoriConfig } from '@mimamori/db';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { AppError } from './common/app-error';
import { ErrorFilter } from './common/error.filter';
import type { CoreOptions } from './core/core.module';
import { RequestDb } from './core/request-db';
import { assertServingRole } from './core/serving-role';

/** Builds the HTTP application (used by main.ts and by integration tests). */
export async function createApp(config: MimamoriConfig, options: { logger?: false } & CoreOptions = {}): Promise<INestApplication> {
  await assertServingRole(config.databaseUrl, options.servingRole ?? SERVING_ROLE);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, { servingRole: options.servingRole }), {
    bodyParser: false,
    logger: options.logger === false ? false : ['error', 'warn', 'log'],
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'worker-src': ["'self'", 'blob:'],
          'style-src': ["'self'", "'unsafe-inline'"],
          'script-src': ["'self'"],
        },
      },
    }),
  );
  app.useBodyParser('json', { limit: '20mb', type: ['application/json', 'application/geo+json'] });
  app.use(rejectUnparsableBody);
  const requestDb = app.get(RequestDb);
  app.use((req: Request, _res: Response, next: NextFunction) => requestDb.bind(req, next));
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new ErrorFilter());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) =>
        new BadRequestException({
          code: 'VALIDATION_FAILED',
          message: errors.map((e) => Object.values(e.constraints ?? { invalid: `${e.property} is invalid` }).join(', ')).join('; '),
          details: errors.map((e) => ({ field: e.property, problems: Object.values(e.constraints ?? {}) })),
        }),
    }),
  );
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('Mimamori API').setDescription('Layers, OGC API Features, vector tiles and analyses').setVersion('0.1.0').addBearerAuth().build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });

  serveWebApp(app, config);
  return app;
}

/** Body-parser failures become the contract's error shape instead of a generic 400. */
function rejectUnparsableBody(err: unknown, _req: Request, _res: Response, next: NextFunction): void {
  const type = (err as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed') return next(AppError.badRequest('INVALID_GEOJSON', `request body is not valid JSON: ${(err as Error).message}`));
  if (type === 'entity.too.large') return next(new AppError(413, 'PAYLOAD_TOO_LARGE', 'request body is too large'));
  next(err);
}

function serveWebApp(app: NestExpressApplication, config: MimamoriConfig): void {
  const dist = config.webDist ? resolve(config.webDist) : join(__dirname, '../../web/dist');
  if (!existsSync(join(dist, 'index.html'))) return;
  // The web app's files; /api requests skip the file lookup (a stat per tile request otherwise).
  const assets = express.static(dist, { index: 'index.html', maxAge: '1h' });
  app.use((req: Request, res: Response, next: NextFunction) => (req.path.startsWith('/api') ? next() : assets(req, res, next)));
  // Deep links (/?…, /runs/…) fall back to the single-page app; /api stays the API's.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api')) return next();
    res.sendFile(join(dist, 'index.html'));
  });
}
