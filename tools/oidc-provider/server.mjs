// A real OpenID provider for the OpenID Connect sign-in tests: panva's certified
// `oidc-provider`, with its development login pages (any login name, any password), one
// confidential client and fresh signing keys (RS256 and ES256) made at start.
//
//   node server.mjs CLIENT_ID CLIENT_SECRET REDIRECT_URI
//
// Listens on a free port of 127.0.0.1 and prints one line, `issuer http://127.0.0.1:PORT`,
// once it answers. The subject is the login name; the address is the login name when it is
// one, else `{login}@idp.example`, marked verified unless the login name starts with
// `unverified`.
import http from 'node:http';
import { generateKeyPair, exportJWK } from 'jose';
import Provider from 'oidc-provider';

const [clientId, clientSecret, redirectUri] = process.argv.slice(2);
if (!clientId || !clientSecret || !redirectUri) {
  console.error('usage: node server.mjs CLIENT_ID CLIENT_SECRET REDIRECT_URI');
  process.exit(2);
}

async function signingKey(alg, kid) {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return { ...(await exportJWK(privateKey)), alg, use: 'sig', kid };
}

const keys = [await signingKey('RS256', 'rsa-1'), await signingKey('ES256', 'ec-1')];
const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    async findAccount(ctx, sub) {
      return {
        accountId: sub,
        async claims() {
          const email = sub.includes('@') ? sub : `${sub}@idp.example`;
          return {
            sub,
            email,
            email_verified: !sub.startsWith('unverified'),
            name: `Person ${sub}`,
          };
        },
      };
    },
  });
  server.on('request', provider.callback());
  console.log(`issuer ${issuer}`);
});
