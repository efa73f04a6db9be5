/** `lablink config check <file>`: validate a district configuration without deploying. */
import type { Command } from 'commander';
import { loadDistrictConfig } from '../../shared/config/load.js';

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('the district configuration file');
  config
    .command('check')
    .description('validate a district configuration (YAML or JSON) without deploying')
    .argument('<file>', 'the configuration file')
    .action((file: string) => {
      const parsed = loadDistrictConfig(file);
      console.log(
        `${file} is valid: ${parsed.district.name} (${parsed.district.timeZone}), ` +
          `${parsed.programs.length} program(s): ${parsed.programs.map((p) => p.programId).join(', ')}`,
      );
    });
}
