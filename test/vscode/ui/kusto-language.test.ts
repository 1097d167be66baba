// A .kql file opens in the Kusto language mode, and opening it starts the extension.
import { useWorkbench } from './workbench';

describe('Kusto language', () => {
  const wb = useWorkbench();

  it('shows "Kusto" as the language mode of a .kql file', async () => {
    await wb().openFile('managed-identity-policy.kql');
    await wb().page.locator('#status\\.editor\\.mode').filter({ hasText: 'Kusto' }).waitFor();
    await wb().settled();
    await wb().screenshot('kusto-language');
  });
});
