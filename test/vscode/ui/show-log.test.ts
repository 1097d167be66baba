// "ADX Identity: Show Log" from the command palette reveals the extension's log channel.
import { useWorkbench } from './workbench';

describe('Show Log command', () => {
  const wb = useWorkbench();

  it('is in the command palette and shows the ADX Identity log with the activation line', async () => {
    await wb().runCommand('ADX Identity: Show Log');
    const panel = wb().page.locator('.part.panel');
    await panel.locator('.view-lines').filter({ hasText: 'activated in' }).waitFor();
    await wb().settled();
    await wb().screenshot('show-log');
  });
});
