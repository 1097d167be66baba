// Identity configuration as code: a snapshot to ARM JSON, Bicep or Terraform, and any of them back to a snapshot.
import type { ClusterSnapshot } from '../workflows/snapshot';
import { formatArmTemplate } from './arm';
import { readArmTemplate } from './armReader';
import { formatBicep } from './bicep';
import { readBicep, type BicepOptions } from './bicepReader';
import { readTerraform } from './hclReader';
import { snapshotFromResources, type ImportedSnapshot } from './import';
import { formatTerraform } from './terraform';

export const IAC_FORMATS = ['bicep', 'terraform', 'arm'] as const;
export type IacFormat = (typeof IAC_FORMATS)[number];

/** The code for a snapshot, in one format. */
export function exportIac(s: ClusterSnapshot, format: IacFormat): string {
  return format === 'arm' ? formatArmTemplate(s) : format === 'bicep' ? formatBicep(s) : formatTerraform(s);
}

/** The format of a file by its name (`.json`, `.bicep`, `.tf`), else by its text. */
export function iacFormatOf(fileName: string, text: string): IacFormat {
  if (/\.bicep$/i.test(fileName)) return 'bicep';
  if (/\.tf$/i.test(fileName)) return 'terraform';
  if (/\.json$/i.test(fileName) || /^\s*\{/.test(text)) return 'arm';
  return /^\s*resource\s+"|^\s*terraform\s*\{/m.test(text) ? 'terraform' : 'bicep';
}

/** The snapshot the code declares (cluster and time label it), with what was left out. */
export function importIac(
  text: string,
  format: IacFormat,
  options: BicepOptions & { takenAt?: string } = {},
): ImportedSnapshot {
  const read =
    format === 'arm'
      ? { notes: [], ...readArmTemplate(text) }
      : format === 'bicep'
        ? readBicep(text, options)
        : readTerraform(text);
  if (!read.resources.length) throw new Error(`no Microsoft.Kusto resources in this ${format} file`);
  const imported = snapshotFromResources(
    read.resources,
    read.cluster ?? '(code)',
    options.takenAt ?? new Date(0).toISOString(),
  );
  return { snapshot: imported.snapshot, notes: [...read.notes, ...imported.notes] };
}

export { formatArmTemplate, armTemplate } from './arm';
export { formatBicep } from './bicep';
export { formatTerraform } from './terraform';
