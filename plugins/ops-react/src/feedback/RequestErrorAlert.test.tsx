import { render, screen } from '@testing-library/react';
import { RequestErrorAlert } from './RequestErrorAlert';

describe('RequestErrorAlert', () => {
  it('shows the message as an error alert with the test id', () => {
    render(<RequestErrorAlert message="Not allowed: no" testId="x-error" />);

    expect(screen.getByRole('alert')).toHaveTextContent('Not allowed: no');
    expect(screen.getByTestId('x-error')).toBe(screen.getByRole('alert'));
  });

  it('shows nothing without a message', () => {
    const { container } = render(
      <RequestErrorAlert message={undefined} testId="x-error" />,
    );

    expect(container).toBeEmptyDOMElement();
  });
});
