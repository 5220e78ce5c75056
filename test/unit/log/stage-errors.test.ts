/** Several errors of one stage, reported together (message.ts errorsOfStage), also across a worker. */
import { describe, expect, it } from 'vitest';
import { deserializeError, serializeError } from '../../../src/log/error.js';
import * as msg from '../../../src/log/message.js';

const three = () => [msg.unknownVariable('a.md.hbs', 3, 1, 'x'), msg.unknownHelper('b.md.hbs', 4, 2, 'nohelper', ['fig']), msg.templateSyntax('c.md.hbs', 5, 1, 'broken')];

describe('errors of a stage', () => {
  it('keep the first error\'s code, place and exit code, and list the others after it', () => {
    const e = msg.errorsOfStage(three(), 'the templates');
    expect([e.code, e.where.file, e.exitCode]).toEqual(['BK104', 'a.md.hbs', 1]);
    expect(e.all().map((x) => x.code)).toEqual(['BK104', 'BK102', 'BK101']);
    expect(e.message.split('\n').at(-1)).toBe('error BK117: 3 errors in the templates, all listed above');
  });

  it('survive the trip from a worker to the host (a structured clone keeps no class)', () => {
    const e = msg.errorsOfStage(three(), 'the templates', 2);
    const back = deserializeError(structuredClone(serializeError(e)));
    expect(back.message).toBe(e.message);
    expect(back.all().map((x) => x.code)).toEqual(['BK104', 'BK102']);
    expect(back.message).toContain('BK117: 3 errors in the templates; the first 2 are listed');
  });
});
