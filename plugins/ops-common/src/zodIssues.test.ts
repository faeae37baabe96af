import { z } from 'zod';
import { zodIssueMessages } from './zodIssues';

describe('zodIssueMessages', () => {
  const schema = z
    .object({
      name: z.string().min(1, 'name is required'),
      weights: z.array(z.number().max(100, 'at most 100')),
    })
    .strict();

  it('names the path of each problem', () => {
    const result = schema.safeParse({ name: '', weights: [10, 200] });

    expect(result.success ? [] : zodIssueMessages(result.error)).toEqual([
      'name: name is required',
      'weights.1: at most 100',
    ]);
  });

  it('says the message alone for a problem of the whole value', () => {
    const result = schema.safeParse('not an object');

    expect(result.success ? [] : zodIssueMessages(result.error)).toEqual([
      'Expected object, received string',
    ]);
  });
});
