import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** The JSON API's OpenAPI description, readable at /api/docs (and as JSON at /api/docs-json). */
export function registerOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Waarborg API')
    .setDescription(
      'Algorithm register and assessment workflow. Authenticate with a personal API token: ' +
        '`Authorization: Bearer wb_...` (create one at /account/tokens). Public register endpoints need none.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = () => {
    const doc = SwaggerModule.createDocument(app, config);
    // Pages and forms are for browsers; the document describes the JSON API only.
    doc.paths = Object.fromEntries(
      Object.entries(doc.paths).filter(([path]) => path.startsWith('/api/')),
    );
    return doc;
  };
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
