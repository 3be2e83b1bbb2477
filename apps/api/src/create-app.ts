import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { createValidationPipe } from './common/validation.pipe';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import type { CoreDependencies } from './core/core.module';
import { PinoNestLogger } from './core/pino-nest-logger';
import { requestLogging } from './core/request-logging.middleware';

/** Builds the api exactly as production runs it; main.ts listens, tests use it through supertest. */
export async function createApp(deps: CoreDependencies): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(deps), {
    logger: new PinoNestLogger(deps.logger.child({ component: 'nest' })),
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.use(requestLogging(deps.logger.child({ component: 'http' })));
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'docs', 'docs-json'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(deps.logger.child({ component: 'errors' })));
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Passage')
      .setDescription(
        'Civil-status certificates and inter-office cooperation for migrant residents. Errors are RFC 9457 problem details.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
