import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { component, renderStepper } from '../__testUtils__/renderStepper';
import { parameterPage } from '../__testUtils__/serviceTemplate';
import { AUTOSCALING_INVALID_MESSAGE } from './validation';

// The form as the template defines it, minus the catalog pickers of the first page (fields of the
// scaffolder plugin itself, not of this module).
const servicePage = {
  title: 'Service',
  required: ['name'],
  properties: { name: parameterPage('Service').properties.name },
};

async function reviewed() {
  return screen.findByRole('button', { name: 'Create' });
}

/** Replaces the input's value, as selecting its text and typing over it does. */
function typeInto(label: RegExp, text: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value: text } });
}

describe('OpsServiceName', () => {
  it('refuses an uppercase name with the DNS-1123 message', async () => {
    await renderStepper({ pages: [{ ...servicePage }] });
    typeInto(/Service name/, 'Payments');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));

    expect(
      await screen.findAllByText(/Service name must be a DNS-1123 label/),
    ).not.toHaveLength(0);
    expect(screen.queryByRole('button', { name: 'Create' })).toBeNull();
  });

  it('refuses a name the catalog already has', async () => {
    await renderStepper({
      pages: [servicePage],
      entities: [component('payments')],
    });
    typeInto(/Service name/, 'payments');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));

    expect(
      await screen.findAllByText(
        /A component named "payments" already exists in the catalog/,
      ),
    ).not.toHaveLength(0);
  });

  it('accepts a free, well-formed name', async () => {
    const catalogApi = catalogApiMock({ entities: [component('payments')] });
    await renderStepper({ pages: [servicePage], catalogApi });
    typeInto(/Service name/, 'orders');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));

    expect(await reviewed()).toBeInTheDocument();
  });
});

describe('the Container page', () => {
  it('defaults the namespace to the service name and refuses default and a malformed image', async () => {
    await renderStepper({
      pages: [parameterPage('Container')],
      initialState: { name: 'payments' },
    });
    await waitFor(() =>
      expect(screen.getByLabelText(/Namespace/)).toHaveValue('payments'),
    );
    expect(screen.getByLabelText(/Container port/)).toHaveValue(8080);

    typeInto(/Namespace/, 'default');
    typeInto(/Container image/, 'Nginx');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));

    expect(
      await screen.findAllByText(/Namespace must not be 'default'/),
    ).not.toHaveLength(0);
    expect(
      screen.getAllByText(/Container image must be an image reference/),
    ).not.toHaveLength(0);
  });

  it('says which range a port must be in', async () => {
    await renderStepper({
      pages: [parameterPage('Container')],
      initialState: { name: 'payments', image: 'ghcr.io/acme/payments:1.0.0' },
    });
    typeInto(/Container port/, '70000');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));

    expect(
      await screen.findAllByText(/Container port must be between 1 and 65535/),
    ).not.toHaveLength(0);
  });
});

describe('the Routing & auth page', () => {
  it('defaults the route path to /api/<name>', async () => {
    await renderStepper({
      pages: [parameterPage('Routing & auth')],
      initialState: { name: 'payments' },
    });
    await waitFor(() =>
      expect(screen.getByLabelText(/Route path/)).toHaveValue('/api/payments'),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(await reviewed()).toBeInTheDocument();
  });

  it('refuses a path without a leading slash and a negative rate limit', async () => {
    await renderStepper({
      pages: [parameterPage('Routing & auth')],
      initialState: { name: 'payments' },
    });
    typeInto(/Route path/, 'api/payments');
    typeInto(/Rate limit/, '-5');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));

    expect(
      await screen.findAllByText(
        /Rate limit must be at least 1 request per second/,
      ),
    ).not.toHaveLength(0);

    // The JSON schema accepts the path; the field's own rule refuses it once the rate limit is fixed.
    typeInto(/Rate limit/, '50');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(
      await screen.findAllByText(/Route path must start with '\/'/),
    ).not.toHaveLength(0);
  });
});

describe('OpsAutoscaling', () => {
  const autoscalingPage = parameterPage('Autoscaling');

  it('starts from the template defaults', async () => {
    await renderStepper({ pages: [autoscalingPage] });

    expect(screen.getByLabelText(/Minimum replicas/)).toHaveValue(2);
    expect(screen.getByLabelText(/Maximum replicas/)).toHaveValue(5);
    expect(screen.getByLabelText(/CPU target/)).toHaveValue(70);
    expect(screen.getByLabelText(/Memory target/)).toHaveValue(null);
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(await reviewed()).toBeInTheDocument();
  });

  it('puts min > max on the maximum replicas input', async () => {
    await renderStepper({ pages: [autoscalingPage] });
    typeInto(/Minimum replicas/, '6');
    typeInto(/Maximum replicas/, '3');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));

    await waitFor(() =>
      expect(
        screen.getByLabelText(/Maximum replicas/),
      ).toHaveAccessibleDescription(
        'Minimum replicas must not be greater than maximum replicas',
      ),
    );
    expect(
      screen.getByLabelText(/Minimum replicas/),
    ).not.toHaveAccessibleDescription(/must/);
    expect(screen.getByText(AUTOSCALING_INVALID_MESSAGE)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create' })).toBeNull();
  });

  it.each(['0', '101'])('puts CPU %s on the CPU input', async cpu => {
    await renderStepper({ pages: [autoscalingPage] });
    typeInto(/CPU target/, cpu);
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));

    await waitFor(() =>
      expect(screen.getByLabelText(/CPU target/)).toHaveAccessibleDescription(
        'CPU target must be between 1 and 100 %',
      ),
    );
    expect(screen.queryByRole('button', { name: 'Create' })).toBeNull();
  });
});
