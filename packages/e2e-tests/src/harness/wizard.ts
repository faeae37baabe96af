import { Page } from 'playwright-core';
import { backendUrl } from './stack';

/** The new-service template's title on the Create page. */
export const SERVICE_TEMPLATE_TITLE =
  'New service (Kong, Keycloak, HPA, Argo CD)';

/** Create → the new-service template's card → Choose; returns once the first page shows. */
export async function openServiceWizard(page: Page): Promise<void> {
  await page.goto(`${backendUrl}/create`);
  await page
    .locator('.MuiCard-root')
    .filter({ hasText: SERVICE_TEMPLATE_TITLE })
    .getByRole('button', { name: 'Choose' })
    .click();
  await page.locator('#root_name').waitFor();
}

/** Opens an autocomplete (OwnerPicker, EntityPicker) by its input id and picks an option. */
export async function pickOption(
  page: Page,
  inputId: string,
  option: string,
): Promise<void> {
  await page.locator(`#${inputId}`).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Clicks the wizard's button (Next, Back, Review, Create). */
export async function clickWizard(page: Page, button: string): Promise<void> {
  await page.getByRole('button', { name: button, exact: true }).click();
}

/** What a step's icon on the task page says. */
export type TaskPageStepState =
  | 'completed'
  | 'failed'
  | 'processing'
  | 'skipped'
  | 'pending';

/** One step of the task page's stepper. */
export interface TaskPageStep {
  label: string;
  state: TaskPageStepState;
}

/**
 * The steps the task page shows, each with the state its icon shows. The scaffolder's StepIcon
 * draws a spinner while a step runs and Material icons after: CheckCircleOutline (completed),
 * ErrorOutline (failed), RemoveCircleOutline (skipped), an empty circle (not started). The
 * stepper's own `MuiStep-completed` class only says "before the active step", not the status.
 */
export async function taskPageSteps(page: Page): Promise<TaskPageStep[]> {
  return page.locator('.MuiStep-root').evaluateAll(steps =>
    steps.map(step => {
      const label =
        step.querySelector('.MuiStepLabel-label div')?.textContent?.trim() ??
        '';
      const icon = step.querySelector('.MuiStepLabel-iconContainer');
      const path = icon?.querySelector('svg path')?.getAttribute('d') ?? '';
      let state = 'pending';
      if (icon?.querySelector('[role="progressbar"]')) state = 'processing';
      else if (path.startsWith('M16.59 7.58L10 14.17')) state = 'completed';
      else if (path.startsWith('M11 15h2v2h-2zm0-8h2v6h-2z')) state = 'failed';
      else if (path.startsWith('M7 11v2h10v-2H7z')) state = 'skipped';
      return { label, state: state as TaskPageStepState };
    }),
  );
}
