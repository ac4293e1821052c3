/** `ftpsight pipeline`: prints the IIS ingest pipeline, for the built-in layouts or the user's own. */
import { Command, InvalidArgumentError } from 'commander';
import { PIPELINE_ENGINES, type PipelineEngine } from '../pipeline-generator/engines';
import { exitCodesSection } from './exit-codes';
import { addHelpAfter } from './help';
import { defaultedOption, settingOption } from './settings';
import { implicitPortsOption } from './source-options';

interface PipelineFlags {
  fields?: string[];
  engine?: PipelineEngine;
  name?: string;
  implicitPorts?: number[];
  keepOriginal?: boolean;
  format: 'json' | 'console';
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function parseName(value: string): string {
  // The engines' rules for a pipeline id are loose; these characters are safe in a URL path and in YAML.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value)) {
    throw new InvalidArgumentError('use letters, digits, dots, dashes and underscores.');
  }
  return value;
}

async function printPipeline(flags: PipelineFlags): Promise<void> {
  // The generator (and the YAML of its specs) and the normaliser are loaded only when the pipeline is printed.
  const { iisPipeline, userLayouts } = await import('../pipeline-generator/generate');
  const { pipelineOptions } = await import('../config/normalize');
  const fields = flags.fields ?? [];
  const custom = fields.length > 0;
  const body = iisPipeline(
    pipelineOptions({
      layouts: custom ? userLayouts(fields) : undefined,
      engine: flags.engine,
      implicitPorts: flags.implicitPorts,
      keepOriginal: flags.keepOriginal,
    }),
  );
  const json = JSON.stringify(body, null, 2);
  const name = flags.name ?? (custom ? 'ftpsight-iis-custom' : 'ftpsight-iis');
  process.stdout.write(flags.format === 'console' ? `PUT _ingest/pipeline/${name}\n${json}\n` : `${json}\n`);
}

export function pipelineCommand(): Command {
  const command = new Command('pipeline')
    .summary('Print the ingest pipeline that parses raw IIS FTP lines on Elasticsearch or OpenSearch')
    .description(
      'Prints an ingest pipeline that turns one raw IIS FTP log line (sent by Filebeat, Elastic Agent or ' +
        "Logstash) into ftpsight's ECS event document. Without --fields: the pipeline `ftpsight setup` installs " +
        "as ftpsight-iis, which knows IIS's common layouts. With --fields: one for your log's own #Fields line.",
    )
    .option('--fields <fields>', 'the text of your #Fields line (repeat for several layouts)', collect)
    .addOption(
      settingOption(
        '--engine <engine>',
        'the engine it is for (both: a body either accepts)',
        'pipeline.engine',
      ).choices([...PIPELINE_ENGINES]),
    )
    .addOption(
      defaultedOption(
        '--format <format>',
        'json: the pipeline body; console: a PUT request for Dev Tools',
        'pipeline.format',
      ).choices(['json', 'console']),
    )
    .option('--name <name>', 'pipeline name in --format console (default ftpsight-iis[-custom])', parseName)
    .addOption(implicitPortsOption())
    .option(
      '--keep-original',
      'keep event.original on every document (without it: on lines tagged preserve_original_event only)',
    )
    .action(printPipeline);
  return addHelpAfter(
    command,
    [
      exitCodesSection('pipeline'),
      { title: 'See docs/ingest-pipelines.md for Filebeat, Elastic Agent and Logstash settings.', items: [] },
    ],
    [
      'ftpsight pipeline --fields "date time c-ip c-port cs-username s-ip s-port cs-method cs-uri-stem sc-status" > iis.json',
      `curl -X PUT "$URL/_ingest/pipeline/ftpsight-iis-custom" -H 'Content-Type: application/json' -d @iis.json`,
      'ftpsight pipeline --engine elasticsearch --format console      # paste into Kibana Dev Tools',
    ],
  );
}
