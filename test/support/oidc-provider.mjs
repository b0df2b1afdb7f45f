// A real OpenID provider (the `oidc-provider` package) for the sign-in tests, run as a child
// process because the package is an ES module with its own server stack. Reads its settings as
// JSON from the OIDC_TEST_SETTINGS environment variable, prints its address on stdout once it
// listens, and takes the test's instructions on two control routes:
//   POST /__test/login    {"account": "alice"}  who signs in at the next interaction
//   POST /__test/id-token {"ttl": -120}         lifetime in seconds of the ID tokens issued next
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const settings = JSON.parse(process.env.OIDC_TEST_SETTINGS);
const state = { account: null, idTokenTtl: 3600 };

const provider = new Provider(settings.issuer, {
  clients: [
    {
      client_id: settings.clientId,
      client_secret: settings.clientSecret,
      redirect_uris: settings.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    groups: ['groups'],
  },
  scopes: ['openid', 'email', 'profile', 'groups'],
  // The claims go into the ID token itself, as Entra ID and Keycloak put the e-mail there.
  conformIdTokenClaims: false,
  findAccount: (_ctx, id) =>
    settings.accounts[id] && {
      accountId: id,
      claims: () => ({ sub: id, ...settings.accounts[id] }),
    },
  ttl: { IdToken: () => state.idTokenTtl },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ['waarborg-oidc-test'] },
  pkce: { required: () => true },
});

const callback = provider.callback();

async function readJson(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return JSON.parse(body || '{}');
}

const server = createServer(async (req, res) => {
  try {
    if (req.method === 'POST' && req.url === '/__test/login') {
      state.account = (await readJson(req)).account;
      return res.end('ok');
    }
    if (req.method === 'POST' && req.url === '/__test/id-token') {
      state.idTokenTtl = (await readJson(req)).ttl;
      return res.end('ok');
    }
    if (req.url.startsWith('/interaction/')) {
      // The person signs in and consents at once: what a test needs, and nothing a browser sees.
      const details = await provider.interactionDetails(req, res);
      const grant = new provider.Grant({
        accountId: state.account,
        clientId: details.params.client_id,
      });
      grant.addOIDCScope(details.params.scope);
      const grantId = await grant.save();
      return await provider.interactionFinished(
        req,
        res,
        { login: { accountId: state.account }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    }
    return callback(req, res);
  } catch (err) {
    res.statusCode = 500;
    res.end(String(err));
  }
});

server.listen(settings.port ?? 0, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
