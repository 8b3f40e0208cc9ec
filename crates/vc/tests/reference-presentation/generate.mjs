// Regenerates signed.json with the Digital Bazaar stack (see README.md); not run by the tests.
// Usage: node generate.mjs CREDENTIALS.json > signed.json   (CREDENTIALS.json: an array of
// signed credentials; `node generate.mjs signed.json` re-signs the ones already embedded).
import fs from 'node:fs';
import path from 'node:path';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

const here = path.dirname(new URL(import.meta.url).pathname);
const contextDir = path.join(here, '../../contexts');
const contexts = {
  'https://www.w3.org/ns/credentials/v2': 'credentials-v2.jsonld',
  'https://w3id.org/security/data-integrity/v2': 'data-integrity-v2.jsonld',
  'https://w3id.org/security/multikey/v1': 'multikey-v1.jsonld',
  'https://www.w3.org/ns/credentials/status/v1': 'bitstring-status-list-v1.jsonld',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': 'ob-v3p0-context-3.0.3.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json': 'ob-v3p0-extensions.json',
  'https://microcred.eu/contexts/microcred/v1.jsonld': 'microcred-v1.jsonld',
};
const documentLoader = async url => {
  if (!contexts[url]) throw new Error(`no offline document for ${url}`);
  const document = JSON.parse(fs.readFileSync(path.join(contextDir, contexts[url])));
  return {contextUrl: null, documentUrl: url, document};
};

const input = JSON.parse(fs.readFileSync(process.argv[2]));
const credentials = Array.isArray(input) ? input : input.verifiableCredential;
// The holder: seed 0x15 × 32 (`KeyPair::from_seed(&[21; 32])` in tests/presentation/main.rs).
const key = await Ed25519Multikey.generate({seed: new Uint8Array(32).fill(21)});
const did = `did:key:${key.publicKeyMultibase}`;
key.controller = did;
key.id = `${did}#${key.publicKeyMultibase}`;
const presentation = vc.createPresentation({verifiableCredential: credentials, holder: did, version: 2.0});
const suite = new DataIntegrityProof({signer: key.signer(), cryptosuite, date: '2026-12-03T10:00:00Z'});
const signed = await vc.signPresentation({
  presentation, suite, documentLoader,
  challenge: '8b2f0d6e-3c1a-4e57-9a0b-6f4d2c7e1a93',
  domain: 'https://verifier.example.eu',
});
process.stdout.write(JSON.stringify(signed, null, 2) + '\n');
