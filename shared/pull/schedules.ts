/**
 * Connector schedules as data, read by the CDK construct (one EventBridge
 * rule each, the connector as the rule's input) and by the local stack (the
 * same cron expression, the same input).
 */
import { loadConnectorsFile, pullScheduleName, type PullConnector } from './connector.js';

export interface PullSchedule {
  name: string;
  /** EventBridge `cron(...)`, evaluated in UTC. */
  expression: string;
  /** What the pull function receives, on AWS and locally. */
  input: { connector: PullConnector };
}

export function pullSchedules(connectors: readonly PullConnector[]): PullSchedule[] {
  return connectors.map((connector) => ({
    name: pullScheduleName(connector.id),
    expression: connector.schedule,
    input: { connector },
  }));
}

/** The environment variable naming another connectors file than the default. */
export const CONNECTORS_FILE_ENV = 'LABLINK_CONNECTORS_FILE';

export function configuredConnectors(
  defaultPath: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): PullConnector[] {
  return loadConnectorsFile(env[CONNECTORS_FILE_ENV] ?? defaultPath);
}
