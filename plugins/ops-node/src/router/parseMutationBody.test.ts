import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  MutationBodySchema,
  MutationHttpRequest,
  parseMutationBody,
} from './parseMutationBody';

/** A body `{ name: string }`, with zod's shape of a failed parse. */
const schema: MutationBodySchema<{ name: string }> = {
  safeParse(body) {
    const name = (body as { name?: unknown } | undefined)?.name;
    if (typeof name === 'string' && name) {
      return { success: true, data: { name } };
    }
    return {
      success: false,
      error: {
        issues: [
          { path: ['name'], message: 'name is required' },
          { path: [], message: 'body is incomplete' },
        ],
      },
    };
  },
};

function request(body: unknown): MutationHttpRequest {
  return { body, headers: {} } as unknown as MutationHttpRequest;
}

describe('parseMutationBody', () => {
  const user = mockCredentials.user('user:default/jane');
  const httpAuth = mockServices.httpAuth({ defaultCredentials: user });

  it('answers the signed-in user and the parsed body; nothing is audited', async () => {
    const refuseInvalid = jest.fn();
    const req = request({ name: 'driver' });

    const { caller, request: parsed } = await parseMutationBody(req, {
      httpAuth,
      schema,
      refuseInvalid,
    });

    expect(parsed).toEqual({ name: 'driver' });
    expect(caller.credentials.principal.userEntityRef).toBe(
      'user:default/jane',
    );
    expect(caller.request).toBe(req);
    expect(refuseInvalid).not.toHaveBeenCalled();
  });

  it('audits a body that does not parse, then throws the 400 with one line per problem', async () => {
    const refuseInvalid = jest.fn(async () => {});
    const body = { name: '' };

    const attempt = parseMutationBody(request(body), {
      httpAuth,
      schema,
      refuseInvalid,
    });

    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(
      'name: name is required; body is incomplete',
    );
    expect(refuseInvalid).toHaveBeenCalledWith(
      body,
      expect.objectContaining({ credentials: user }),
      expect.any(InputError),
    );
  });

  it('refuses a service caller before reading the body', async () => {
    const refuseInvalid = jest.fn();

    await expect(
      parseMutationBody(request({ name: 'driver' }), {
        httpAuth: mockServices.httpAuth({
          defaultCredentials: mockCredentials.service('plugin:catalog'),
        }),
        schema,
        refuseInvalid,
      }),
    ).rejects.toThrow(NotAllowedError);
    expect(refuseInvalid).not.toHaveBeenCalled();
  });
});
