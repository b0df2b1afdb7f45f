/** Jest's global setup: the pages need the built stylesheets (dist/assets), as in production. */
const { buildAssets } = require('../../scripts/build-assets');

module.exports = () => buildAssets({ quiet: true });
