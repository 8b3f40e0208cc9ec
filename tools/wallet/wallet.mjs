#!/usr/bin/env node
// A command-line wallet and verifier built on libraries this project did not write, for the
// interoperability tests (see README.md). Every command prints one JSON object on stdout,
// diagnostics on stderr, and exits 0 on success, 1 on failure (with an `error`).
import {createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify} from 'node:crypto';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {gunzipSync} from 'node:zlib';

import {Openid4vciClient, setGlobalConfig} from '@openid4vc/openid4vci';
import {Openid4vpClient} from '@openid4vc/openid4vp';
import {clientAuthenticationAnonymous} from '@openid4vc/oauth2';
import {SDJwtVcInstance} from '@sd-jwt/sd-jwt-vc';
import {getListFromStatusListJWT} from '@sd-jwt/jwt-status-list';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

// The register under test is plain http on 127.0.0.1.
setGlobalConfig({allowInsecureUrls: true});

const log = (...parts) => console.error('[wallet]', ...parts);
const b64url = value => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const unb64json = part => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

// ---------------------------------------------------------------------------------------------
// HTTP: every request is logged on stderr; the last request body is kept (for --vp-token-out).
let lastRequestBody;
async function loggingFetch(input, init = {}) {
  const url = typeof input === 'string' ? input : input.url ?? String(input);
  if (init.body !== undefined) lastRequestBody = String(init.body);
  const response = await fetch(input, init);
  log(init.method ?? 'GET', url, '->', response.status, response.headers.get('content-type') ?? '');
  return response;
}

async function readBody(response) {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------------------------------------
// The holder's key: an Ed25519 private JWK and its did:key, in KEYFILE (made if absent).
async function loadHolderKey(file) {
  if (!existsSync(file)) {
    const jwk = generateKeyPairSync('ed25519').privateKey.export({format: 'jwk'});
    const {publicKeyMultibase} = await Ed25519Multikey.fromJwk({jwk});
    const did = `did:key:${publicKeyMultibase}`;
    writeFileSync(file, JSON.stringify({did, kid: `${did}#${publicKeyMultibase}`, privateJwk: jwk}, null, 2) + '\n', {mode: 0o600});
    log('made a holder key', did, 'in', file);
  }
  const stored = JSON.parse(readFileSync(file, 'utf8'));
  const jwk = stored.privateJwk;
  // did:key:z + base58btc(0xed 0x01 ‖ public key): the Multikey's publicKeyMultibase.
  const multikey = await Ed25519Multikey.fromJwk({jwk, secretKey: true});
  const did = `did:key:${multikey.publicKeyMultibase}`;
  if (stored.did && stored.did !== did) throw new Error(`${file}: its did ${stored.did} is not its key's ${did}`);
  const kid = `${did}#${multikey.publicKeyMultibase}`;
  return {
    did,
    kid,
    publicJwk: {kty: 'OKP', crv: 'Ed25519', x: jwk.x},
    privateKey: createPrivateKey({key: jwk, format: 'jwk'}),
    multikey: await Ed25519Multikey.fromJwk({jwk, secretKey: true, id: kid, controller: did}),
  };
}

function signJws(header, payload, privateKey) {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
}

// The callbacks the @openid4vc clients ask for; this wallet signs only as its holder key.
function openid4vcCallbacks(holder) {
  const unsupported = name => () => {
    throw new Error(`${name} is not supported by this wallet`);
  };
  return {
    fetch: loggingFetch,
    hash: sha,
    generateRandom: length => randomBytes(length),
    clientAuthentication: clientAuthenticationAnonymous(),
    signJwt: async (signer, {header, payload}) => {
      if (signer.method !== 'did' || signer.didUrl !== holder?.kid) throw new Error(`cannot sign as ${JSON.stringify(signer)}`);
      return {jwt: signJws(header, payload, holder.privateKey), signerJwk: holder.publicJwk};
    },
    verifyJwt: unsupported('verifyJwt'),
    encryptJwe: unsupported('encryptJwe'),
    decryptJwe: unsupported('decryptJwe'),
  };
}

// ---------------------------------------------------------------------------------------------
// Issuer keys: did:web documents, fetched only from the register under test (over http).
function didWebUrl(did, register) {
  const [method, name, host, ...segments] = did.split(':');
  if (method !== 'did' || name !== 'web' || !host) throw new Error(`not a did:web: ${did}`);
  const registerUrl = new URL(register);
  const authority = decodeURIComponent(host);
  if (authority !== registerUrl.host) throw new Error(`${did} is not on the register under test (${registerUrl.host}); not fetched`);
  const where = segments.length ? segments.map(decodeURIComponent).join('/') : '.well-known';
  return `${registerUrl.protocol}//${authority}/${where}/did.json`;
}

function didResolver(register) {
  const documents = new Map();
  const document = async did => {
    if (!documents.has(did)) {
      const response = await loggingFetch(didWebUrl(did, register), {headers: {accept: 'application/did+json, application/json'}});
      if (!response.ok) throw new Error(`${did}: its DID document answered ${response.status}`);
      const body = await response.json();
      if (body.id !== did) throw new Error(`${did}: its DID document is for ${body.id}`);
      documents.set(did, body);
    }
    return documents.get(did);
  };
  // The verification method `kid` (did#fragment) as listed in its DID document.
  const method = async kid => {
    const did = kid.split('#')[0];
    const doc = await document(did);
    const found = (doc.verificationMethod ?? []).find(vm => vm.id === kid);
    if (!found) throw new Error(`${kid} is not a verification method of ${did}`);
    return found;
  };
  return {document, method};
}

// An Ed25519 public key (node KeyObject) from a Multikey verification method.
async function publicKeyOf(verificationMethod) {
  if (verificationMethod.type !== 'Multikey') throw new Error(`${verificationMethod.id} is a ${verificationMethod.type}, not a Multikey`);
  const key = await Ed25519Multikey.from({...verificationMethod, '@context': MULTIKEY_V1});
  return createPublicKey({key: await Ed25519Multikey.toJwk({keyPair: key}), format: 'jwk'});
}

// ---------------------------------------------------------------------------------------------
// JSON-LD: the contexts pinned in crates/vc/contexts (never fetched), DID documents from the
// register.
const here = path.dirname(fileURLToPath(import.meta.url));
const contextDir = path.join(here, '../../crates/vc/contexts');
const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';
const contexts = {
  'https://www.w3.org/ns/credentials/v2': 'credentials-v2.jsonld',
  'https://www.w3.org/2018/credentials/v1': 'credentials-v1.jsonld',
  'https://w3id.org/security/data-integrity/v2': 'data-integrity-v2.jsonld',
  [MULTIKEY_V1]: 'multikey-v1.jsonld',
  'https://www.w3.org/ns/credentials/status/v1': 'bitstring-status-list-v1.jsonld',
  'https://purl.imsglobal.org/spec/ob/v3p0/context.json': 'ob-v3p0-context-3.0.0.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json': 'ob-v3p0-context-3.0.1.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json': 'ob-v3p0-context-3.0.2.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': 'ob-v3p0-context-3.0.3.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json': 'ob-v3p0-extensions.json',
  'https://microcred.eu/contexts/microcred/v1.jsonld': 'microcred-v1.jsonld',
  'http://data.europa.eu/snb/model/context/edc-ap': 'elm-edc-ap-context-3.2.jsonld',
};

function documentLoaderFor(dids) {
  return async url => {
    if (contexts[url]) {
      const document = JSON.parse(readFileSync(path.join(contextDir, contexts[url]), 'utf8'));
      return {contextUrl: null, documentUrl: url, document};
    }
    if (dids && url.startsWith('did:web:')) {
      // A verification method alone, as a Multikey document; or the whole DID document.
      const document = url.includes('#')
        ? {'@context': MULTIKEY_V1, ...(await dids.method(url))}
        : await dids.document(url);
      return {contextUrl: null, documentUrl: url, document};
    }
    throw new Error(`no offline document for ${url}`);
  };
}

// ---------------------------------------------------------------------------------------------
// Inputs: a credential file holds the credential itself (SD-JWT compact string, or the JSON-LD
// credential), or the output of `receive`.
function readCredential(file) {
  const text = readFileSync(file, 'utf8').trim();
  if (!text.startsWith('{')) return {format: 'dc+sd-jwt', credential: text};
  const json = JSON.parse(text);
  if (json.credential !== undefined && json.format) return {format: json.format, credential: json.credential};
  return {format: 'ldp_vc', credential: json};
}

// ---------------------------------------------------------------------------------------------
// 1. receive: OpenID4VCI 1.0, pre-authorized code flow.
async function receive({offer: link, 'tx-code': txCode, configuration, key: keyFile}) {
  required({offer: link, configuration, key: keyFile});
  const holder = await loadHolderKey(keyFile);
  const client = new Openid4vciClient({callbacks: openid4vcCallbacks(holder)});
  const offer = await client.resolveCredentialOffer(link);
  if (!offer.credential_configuration_ids.includes(configuration)) {
    throw new Error(`the offer is for ${offer.credential_configuration_ids.join(', ')}, not ${configuration}`);
  }
  const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
  log('issuer metadata read as OpenID4VCI', issuerMetadata.originalDraftVersion);
  const format = issuerMetadata.credentialIssuer.credential_configurations_supported[configuration]?.format;
  if (!format) throw new Error(`the issuer metadata has no configuration ${configuration}`);
  const {accessTokenResponse} = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
    credentialOffer: offer,
    issuerMetadata,
    txCode,
  });
  const {c_nonce: nonce} = await client.requestNonce({issuerMetadata});
  const {jwt} = await client.createCredentialRequestJwtProof({
    issuerMetadata,
    credentialConfigurationId: configuration,
    signer: {method: 'did', didUrl: holder.kid, alg: 'EdDSA'},
    nonce,
    issuedAt: new Date(),
  });
  const {credentialResponse} = await client.retrieveCredentials({
    issuerMetadata,
    credentialConfigurationId: configuration,
    proofs: {jwt: [jwt]},
    accessToken: accessTokenResponse.access_token,
  });
  const first = credentialResponse.credentials?.[0] ?? {credential: credentialResponse.credential};
  const credential = typeof first === 'object' && 'credential' in first ? first.credential : first;
  if (credential === undefined) throw new Error('the credential response holds no credential');
  return {format, credential, holder: holder.did};
}

// ---------------------------------------------------------------------------------------------
// 2. verify-sd-jwt: an SD-JWT VC, its issuer's did:web key and its Token Status List.
const STATUS_NAMES = {0: 'valid', 1: 'invalid', 2: 'suspended'};

async function verifySdJwt({credential: file, register}) {
  required({credential: file, register});
  const {credential: compact} = readCredential(file);
  const [issuerJwt] = compact.split('~');
  const [headerPart, payloadPart] = issuerJwt.split('.');
  const header = unb64json(headerPart);
  const iss = unb64json(payloadPart).iss;
  const dids = didResolver(register);
  let status;
  const sdjwt = new SDJwtVcInstance({
    hasher: sha,
    // Used for the credential and its status list JWT alike: each must be signed EdDSA by a
    // key of the credential's issuer (`iss`), named by `kid`.
    verifier: async (data, signature) => {
      const [h, p] = data.split('.');
      const {alg, kid} = unb64json(h);
      const {iss: signedBy} = unb64json(p);
      if (alg !== 'EdDSA') throw new Error(`alg ${alg}, not EdDSA`);
      if (typeof kid !== 'string' || kid.split('#')[0] !== iss || (signedBy && signedBy !== iss)) {
        throw new Error(`signed by ${kid} (iss ${signedBy}), not by the issuer ${iss}`);
      }
      const key = await publicKeyOf(await dids.method(kid));
      return verify(null, Buffer.from(data), key, Buffer.from(signature, 'base64url'));
    },
    statusListFetcher: async uri => {
      const response = await loggingFetch(uri, {headers: {accept: 'application/statuslist+jwt'}});
      if (!response.ok) throw new Error(`the status list answered ${response.status}`);
      const type = response.headers.get('content-type') ?? '';
      if (!type.startsWith('application/statuslist+jwt')) throw new Error(`the status list is ${type}, not application/statuslist+jwt`);
      const jwt = (await response.text()).trim();
      const [h, p] = jwt.split('.').slice(0, 2).map(unb64json);
      if (h.typ !== 'statuslist+jwt') throw new Error(`the status list JWT is of type ${h.typ}`);
      if (p.sub !== uri) throw new Error(`the status list JWT's sub ${p.sub} is not its URI ${uri}`);
      const list = getListFromStatusListJWT(jwt);
      log(`status list: ${list.getBitsPerStatus()} bits per status, ${list.statusList.length} entries`);
      return jwt;
    },
    statusValidator: async value => {
      status = value;
      if (value !== 0) throw new Error(`the credential's status is ${value} (${STATUS_NAMES[value] ?? 'unknown'})`);
    },
  });
  try {
    if (header.typ !== 'dc+sd-jwt') throw new Error(`the issuer JWT is of type ${header.typ}, not dc+sd-jwt`);
    assertDisclosuresReferenced(compact);
    const {payload} = await sdjwt.verify(compact);
    if (!payload.status?.status_list) throw new Error('the credential has no status_list entry');
    return {verified: true, claims: payload, status};
  } catch (error) {
    return failed(error, {verified: false, status});
  }
}

// RFC 9901 §7.1: every disclosure must be referenced by a digest (in the issuer JWT or in another
// disclosure), once. @sd-jwt 0.19 silently drops unreferenced ones; this verifier refuses them.
function assertDisclosuresReferenced(compact) {
  const [jwt, ...rest] = compact.split('~');
  const disclosures = rest.filter((part, i) => part && !(i === rest.length - 1 && part.includes('.')));
  const payload = unb64json(jwt.split('.')[1]);
  const alg = payload._sd_alg ?? 'sha-256';
  if (alg !== 'sha-256') throw new Error(`_sd_alg ${alg} is not supported`);
  const referenced = new Set();
  const collect = value => {
    if (Array.isArray(value)) return value.forEach(collect);
    if (value === null || typeof value !== 'object') return;
    for (const [name, inner] of Object.entries(value)) {
      if (name === '_sd' && Array.isArray(inner)) inner.forEach(digest => referenced.add(digest));
      else if (name === '...') referenced.add(inner);
      else collect(inner);
    }
  };
  collect(payload);
  disclosures.forEach(d => collect(unb64json(d)));
  const seen = new Set();
  for (const disclosure of disclosures) {
    const digest = createHash('sha256').update(disclosure).digest('base64url');
    if (!referenced.has(digest)) throw new Error(`a disclosure is referenced by no digest: ${Buffer.from(disclosure, 'base64url')}`);
    if (seen.has(digest)) throw new Error('a disclosure is given twice');
    seen.add(digest);
  }
}

const sha = (data, alg) => createHash(alg.replace('-', '')).update(typeof data === 'string' ? data : Buffer.from(data)).digest();

// ---------------------------------------------------------------------------------------------
// 3. verify-ldp: an Open Badges 3.0 credential with an eddsa-rdfc-2022 proof, and its
// Bitstring Status List entries.
async function verifyLdp({credential: file, register}) {
  required({credential: file, register});
  const {credential} = readCredential(file);
  const documentLoader = documentLoaderFor(didResolver(register));
  const suite = new DataIntegrityProof({cryptosuite});
  const statuses = [];
  const checkStatus = options => checkBitstringStatus({...options, register, statuses});
  const result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus});
  const out = {verified: result.verified, status: statuses};
  if (!result.verified) {
    // jsonld-signatures wraps the reasons in `errors`; the status check gives its own error.
    const error = result.statusResult?.error ?? result.error ?? result.results?.find(r => r.error)?.error;
    const reasons = [error?.errors ?? error].flat().filter(Boolean).map(e => e.message ?? String(e));
    return failed(new Error(reasons.join('; ') || 'not verified'), out);
  }
  return out;
}

// BitstringStatusListEntry: the list credential (fetched from the register, itself verified,
// same issuer and purpose), its `encodedList` a multibase base64url ('u') GZIP bitstring whose
// first bit is the most significant bit of its first byte.
async function checkBitstringStatus({credential, suite, documentLoader, register, statuses}) {
  const issuer = typeof credential.issuer === 'object' ? credential.issuer.id : credential.issuer;
  for (const entry of [credential.credentialStatus].flat()) {
    if (entry.type !== 'BitstringStatusListEntry') return {verified: false, error: new Error(`status entry of type ${entry.type}`)};
    const url = entry.statusListCredential;
    if (new URL(url).origin !== new URL(register).origin) return {verified: false, error: new Error(`${url} is not on the register under test; not fetched`)};
    const response = await loggingFetch(url, {headers: {accept: 'application/vc+ld+json, application/ld+json, application/json'}});
    if (!response.ok) return {verified: false, error: new Error(`${url} answered ${response.status}`)};
    const list = await response.json();
    const checked = await vc.verifyCredential({credential: list, suite, documentLoader});
    if (!checked.verified) return {verified: false, error: new Error(`the status list ${url} does not verify: ${checked.error?.message ?? ''}`)};
    const listIssuer = typeof list.issuer === 'object' ? list.issuer.id : list.issuer;
    if (listIssuer !== issuer) return {verified: false, error: new Error(`the status list is issued by ${listIssuer}, not ${issuer}`)};
    const subject = list.credentialSubject;
    if (subject.statusPurpose !== entry.statusPurpose) return {verified: false, error: new Error(`the list's purpose is ${subject.statusPurpose}, the entry's ${entry.statusPurpose}`)};
    if (!subject.encodedList?.startsWith('u')) return {verified: false, error: new Error('encodedList is not multibase base64url')};
    const bits = gunzipSync(Buffer.from(subject.encodedList.slice(1), 'base64url'));
    const index = Number(entry.statusListIndex);
    if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) return {verified: false, error: new Error(`index ${entry.statusListIndex} is outside the list`)};
    const set = ((bits[index >> 3] >> (7 - (index & 7))) & 1) === 1;
    statuses.push({purpose: entry.statusPurpose, index, set});
    if (set) return {verified: false, error: new Error(`the credential's ${entry.statusPurpose} bit is set`)};
  }
  return {verified: true};
}

// ---------------------------------------------------------------------------------------------
// 4. present: OpenID4VP 1.0, an unsigned request by value (client identifier prefix
// `redirect_uri:`), a DCQL query, response mode direct_post.
async function present({request: link, credential: file, key: keyFile, format, disclose, 'vp-token-out': out}) {
  required({request: link, credential: file, key: keyFile});
  const holder = await loadHolderKey(keyFile);
  const held = readCredential(file);
  format ??= held.format;
  if (format !== held.format) throw new Error(`--format ${format}, but the credential file holds ${held.format}`);
  const client = new Openid4vpClient({callbacks: openid4vcCallbacks(holder)});
  const parsed = client.parseOpenid4vpAuthorizationRequest({authorizationRequest: link});
  if (parsed.type !== 'openid4vp') throw new Error(`expected an unsigned request by value, got ${parsed.type}`);
  const resolved = await client.resolveOpenId4vpAuthorizationRequest({authorizationRequestPayload: parsed.params});
  const request = resolved.authorizationRequestPayload;
  const clientId = resolved.client.effective; // with its prefix: `redirect_uri:https://…`
  log('request read as OpenID4VP', resolved.version === 100 ? '1.0' : `draft ${resolved.version}`, 'from', clientId);
  const query = resolved.dcql?.query;
  const wanted = query?.credentials?.find(candidate => candidate.format === format);
  if (!wanted) throw new Error(`the request's DCQL query asks for no ${format} credential`);
  const presentation = format === 'dc+sd-jwt'
    ? await presentSdJwt(held.credential, holder, {aud: clientId, nonce: request.nonce, disclose})
    : await presentLdp(held.credential, holder, {challenge: request.nonce, domain: clientId});
  const {authorizationResponsePayload} = await client.createOpenid4vpAuthorizationResponse({
    authorizationRequestPayload: request,
    authorizationResponsePayload: {vp_token: {[wanted.id]: [presentation]}},
  });
  const {response} = await client.submitOpenid4vpAuthorizationResponse({authorizationRequestPayload: request, authorizationResponsePayload});
  if (out) writeFileSync(out, lastRequestBody);
  return answer(response);
}

async function presentSdJwt(compact, holder, {aud, nonce, disclose}) {
  const sdjwt = new SDJwtVcInstance({
    hasher: sha,
    kbSigner: data => sign(null, Buffer.from(data), holder.privateKey).toString('base64url'),
    kbSignAlg: 'EdDSA',
  });
  const {payload} = (await sdjwt.decode(compact)).jwt;
  if (payload.cnf?.jwk?.x !== holder.publicJwk.x) log('warning: the credential is not bound to this key', JSON.stringify(payload.cnf));
  // Disclosable claims are named by their dotted path (credentialSubject.email) or last name (email).
  const presentable = await sdjwt.presentableKeys(compact);
  const chosen = disclose === undefined
    ? presentable
    : disclose.split(',').filter(Boolean).map(name => {
      const found = presentable.find(p => p === name || p.split('.').at(-1) === name);
      if (!found) throw new Error(`no disclosable claim ${name}; there are ${presentable.join(', ')}`);
      return found;
    });
  const frame = {};
  for (const dotted of chosen) {
    const names = dotted.split('.');
    let node = frame;
    for (const name of names.slice(0, -1)) node = node[name] = typeof node[name] === 'object' ? node[name] : {};
    node[names.at(-1)] = true;
  }
  log('disclosing', chosen.join(', ') || 'nothing');
  return sdjwt.present(compact, frame, {kb: {payload: {aud, nonce, iat: Math.floor(Date.now() / 1000)}}});
}

async function presentLdp(credential, holder, {challenge, domain}) {
  const presentation = vc.createPresentation({verifiableCredential: [credential], holder: holder.did, version: 2.0});
  const suite = new DataIntegrityProof({signer: holder.multikey.signer(), cryptosuite});
  return vc.signPresentation({presentation, suite, documentLoader: documentLoaderFor(null), challenge, domain});
}

// ---------------------------------------------------------------------------------------------
// 5. replay: post a saved form body (from --vp-token-out) again.
async function replay({'response-uri': uri, body: file}) {
  required({'response-uri': uri, body: file});
  const response = await loggingFetch(uri, {
    method: 'POST',
    headers: {'content-type': 'application/x-www-form-urlencoded'},
    body: readFileSync(file, 'utf8'),
  });
  return answer(response);
}

// The verifier's answer; a non-2xx one is a failure (exit 1) but printed all the same.
async function answer(response) {
  const out = {status: response.status, body: await readBody(response)};
  if (!response.ok) out.error = `the response endpoint answered ${response.status}`;
  return out;
}

// ---------------------------------------------------------------------------------------------
function required(options) {
  const missing = Object.entries(options).filter(([, value]) => value === undefined).map(([name]) => `--${name}`);
  if (missing.length) throw new Error(`missing ${missing.join(', ')}`);
}

function failed(error, out) {
  return {...out, error: error?.message ?? String(error)};
}

const commands = {
  receive,
  'verify-sd-jwt': verifySdJwt,
  'verify-ldp': verifyLdp,
  present,
  replay,
};

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const {values} = parseArgs({
    args: rest,
    options: Object.fromEntries(
      ['offer', 'tx-code', 'configuration', 'key', 'credential', 'register', 'request', 'format', 'disclose', 'vp-token-out', 'response-uri', 'body']
        .map(name => [name, {type: 'string'}])),
  });
  const run = commands[command];
  if (!run) throw new Error(`usage: wallet.mjs <${Object.keys(commands).join('|')}> [options] (see README.md)`);
  return run(values);
}

let result;
try {
  result = await main();
} catch (error) {
  log(error?.stack ?? error);
  // The libraries' messages carry what the server answered; an OAuth error response as such too.
  result = failed(error, error?.errorResponse ? {oauth_error: error.errorResponse} : {});
}
process.stdout.write(JSON.stringify(result) + '\n');
process.exitCode = result.error === undefined ? 0 : 1;
