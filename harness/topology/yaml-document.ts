/** Reading config YAML: the parsed data and where each entry is, or a ConfigError for bad syntax. */
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError } from '../errors/hatcp-error.js';
import { SourceLocations } from './source-locations.js';
import { configIssuesFromYaml } from './yaml-issues.js';

/** A YAML file read as plain data, with the line:column of every key and value. */
export interface YamlDocument {
  data: unknown;
  locations: SourceLocations;
}

/** Parses YAML text; throws one ConfigError listing every syntax error at its `file:line:column`. */
export function readYamlDocument(text: string, file: string): YamlDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) throw new ConfigError(configIssuesFromYaml(doc.errors, lineCounter, file));
  return { data: doc.toJS(), locations: SourceLocations.fromDocument(doc, lineCounter, file) };
}
