import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { trustedProxyNetworks } from '../../../libs/config';
import { ipInNetwork, ipv4MappedAddress, parseIpAddress } from '../../../libs/domain';
import { AppModule } from './app.module';
import { CONTENT_ENCODINGS, installJsonBody } from './common/json-body';
import { completeOpenApiDocument, ProblemDetailsView } from './common/openapi';
import { createValidationPipe } from './common/validation.pipe';
import { codecCors } from './codec/codec-cors';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import type { CoreDependencies } from './core/core.module';
import { installHttpSecurity } from './core/http-security';
import { PinoNestLogger } from './core/pino-nest-logger';
import { requestLogging } from './core/request-logging.middleware';

/** Builds the api exactly as production runs it; main.ts listens, tests use it through supertest. */
export async function createApp(deps: CoreDependencies): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(deps), {
    logger: new PinoNestLogger(deps.logger.child({ component: 'nest' })),
    abortOnError: false,
    // Nest's own parsers (JSON and urlencoded, 100 kB) are replaced by installJsonBody: JSON only, one limit.
    bodyParser: false,
  });
  app.disable('x-powered-by');
  // req.ip, which the audit records as "from where": X-Forwarded-For is believed only from HTTP_TRUSTED_PROXIES.
  const proxies = trustedProxyNetworks(deps.config);
  app.set('trust proxy', (address: string) => {
    const ip = parseIpAddress(address);
    const plain = ip ? (ipv4MappedAddress(ip) ?? ip) : null;
    return plain !== null && proxies.some((network) => ipInNetwork(plain, network) || (ip !== null && ipInNetwork(ip, network)));
  });
  app.use(requestLogging(deps.logger.child({ component: 'http' })));
  installHttpSecurity(app, deps.config);
  app.use(codecCors(deps.config.CODEC_ALLOWED_ORIGIN));
  installJsonBody(app, deps.config.HTTP_BODY_LIMIT_BYTES);
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'metrics', 'docs', 'docs-json', 'codec/encode', 'codec/decode'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(deps.logger.child({ component: 'errors' })));
  app.enableShutdownHooks();

  const limit = deps.config.HTTP_BODY_LIMIT_BYTES;
  const document = completeOpenApiDocument(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Passage')
        .setDescription(
          [
            'Civil-status certificates and inter-office cooperation for migrant residents.',
            'Errors are RFC 9457 problem details (`application/problem+json`, schema ProblemDetails) with a machine-readable `code`;',
            'a 400 lists every broken field rule in `errors: [{field, rule, message}]`.',
            `Request bodies are JSON objects only (\`application/json\`, UTF-8; Content-Encoding ${CONTENT_ENCODINGS.join(', ')}), at most ${limit} bytes`,
            '(HTTP_BODY_LIMIT_BYTES): another media type or encoding answers 415, a larger body 413.',
            'No text may contain U+0000 or a lone UTF-16 surrogate (400, rule no-nul-character / no-lone-surrogate).',
          ].join(' '),
        )
        .setVersion('1')
        .addBearerAuth()
        .build(),
      { extraModels: [ProblemDetailsView] },
    ),
  );
  // The document maps every route; in production it is served only where an operator turns it on.
  if (deps.config.DOCS_ENABLED) SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
