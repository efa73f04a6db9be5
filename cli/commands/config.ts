/**
 * `lablink config check <file>`: validate a district configuration, with the
 * profile and crosswalk files it names, without deploying.
 */
import type { Command } from 'commander';
import { loadDistrictSetup } from '../../shared/config/load.js';

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('the district configuration file');
  config
    .command('check')
    .description(
      'validate a district configuration (YAML or JSON) and its profile and crosswalk files, without deploying',
    )
    .argument('<file>', 'the configuration file')
    .action((file: string) => {
      const { config: parsed, files } = loadDistrictSetup(file);
      const own = (kind: string, ids: string[]) =>
        ids.length ? `; ${kind}: ${ids.join(', ')}` : '';
      console.log(
        `${file} is valid: ${parsed.district.name} (${parsed.district.timeZone}), ` +
          `${parsed.programs.length} program(s): ${parsed.programs.map((p) => p.programId).join(', ')}` +
          own(
            'district profiles',
            files.profiles.map((p) =>
              p.extends ? `${p.id} (extends ${p.extends})` : p.id,
            ),
          ) +
          own(
            'district crosswalks',
            files.crosswalks.map((c) => c.id),
          ),
      );
    });
}
