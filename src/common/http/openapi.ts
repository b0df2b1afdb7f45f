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
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'api/docs-json',
  });
}
