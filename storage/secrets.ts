/**
 * Connector credentials behind the SecretSource port. On AWS they are one
 * JSON secret in Secrets Manager, `{"<connectorId>": {"apiKey": "..."}}`,
 * named by `LABLINK_PULL_SECRET_ID`; locally they are variables
 * `LABLINK_PULL_<CONNECTOR>__<name>` (connector id upper-cased, dashes as
 * underscores) in the environment or in the ignored `.lablink/secrets.env`.
 * Values never reach a log line or an error message.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { ConfigError } from '../shared/errors.js';
import { PULL_SECRET_ENV, type SecretSource } from '../shared/pull/ports.js';

export { PULL_SECRET_ENV };

export const SECRETS_FILE = 'secrets.env';

export class SecretsManagerSource implements SecretSource {
  private values?: Promise<Record<string, Record<string, string>>>;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
  ) {}

  async connectorSecrets(connectorId: string): Promise<Record<string, string>> {
    // One read per container: schedules fire often, the secret rarely changes.
    this.values ??= this.load();
    return { ...((await this.values)[connectorId] ?? {}) };
  }

  private async load(): Promise<Record<string, Record<string, string>>> {
    const out = await this.client.send(
      new GetSecretValueCommand({ SecretId: this.secretId }),
    );
    try {
      return JSON.parse(out.SecretString ?? '{}') as Record<
        string,
        Record<string, string>
      >;
    } catch (error) {
      this.values = undefined;
      throw new ConfigError(
        'the pull secret is not JSON; store {"<connectorId>": {"apiKey": "..."}}',
        { secretId: this.secretId },
        { cause: error },
      );
    }
  }
}

/** `LABLINK_PULL_<ID>__` for a connector id. */
export const envPrefix = (connectorId: string) =>
  `LABLINK_PULL_${connectorId.toUpperCase().replace(/-/g, '_')}__`;

/** KEY=VALUE lines; `#` comments and blank lines skipped, quotes around values removed. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    out[line.slice(0, eq).trim()] = line
      .slice(eq + 1)
      .trim()
      .replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

export class EnvSecretSource implements SecretSource {
  /** `env` is read at each call, so a variable set after start-up counts. */
  constructor(
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly fromFile: Readonly<Record<string, string>> = {},
  ) {}

  async connectorSecrets(connectorId: string): Promise<Record<string, string>> {
    const prefix = envPrefix(connectorId);
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...this.fromFile, ...this.env })) {
      if (key.startsWith(prefix) && value) out[key.slice(prefix.length)] = value;
    }
    return out;
  }
}

/**
 * The secret source for this environment: Secrets Manager when the stack
 * names the secret, else the local variables (the environment wins over the
 * file, so a one-off override needs no edit).
 */
export function createSecretSource(
  env: Readonly<Record<string, string | undefined>> = process.env,
  home = env.LABLINK_HOME ?? '.lablink',
): SecretSource {
  const secretId = env[PULL_SECRET_ENV];
  if (secretId) return new SecretsManagerSource(new SecretsManagerClient({}), secretId);
  let fromFile: Record<string, string> = {};
  try {
    fromFile = parseEnvFile(readFileSync(join(home, SECRETS_FILE), 'utf8'));
  } catch {
    // No file: the environment alone holds the local secrets.
  }
  return new EnvSecretSource(env, fromFile);
}
