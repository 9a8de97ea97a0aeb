/** The FileGuide of topology files: field docs by path, allowed keys, the example file. */
import { FIELD_DOCS, fieldKind } from './field-docs.js';
import { allowedKeysHint, type FileGuide } from './file-guide.js';
import { OBJECT_KEYS } from './schema.js';

/** How issues in a topology file (or an inline topology) are worded. */
export const TOPOLOGY_GUIDE: FileGuide = {
  doc: (path) => FIELD_DOCS[fieldKind(path)],
  unknownKeyHint(path, key) {
    const kind = fieldKind(path);
    const allowed = OBJECT_KEYS[kind];
    if (!allowed) return 'remove it';
    if ((kind === 'node' || kind === 'link') && (OBJECT_KEYS.impair ?? []).includes(key)) {
      return `put it under impair, e.g. impair: { ${key}: … }`;
    }
    return allowedKeysHint(allowed, key);
  },
  empty: { message: 'the file is empty', hint: 'a topology needs name, networks and nodes; see topologies/ha-lan.yaml' },
  example: 'see topologies/ha-lan.yaml for an example',
};
