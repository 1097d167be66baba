// The activity-bar container and its view, as a user finds them.
import * as assert from 'node:assert/strict';
import { activationEventOfNewestHost, useWorkbench } from './workbench';

describe('ADX Identity view', () => {
  const wb = useWorkbench();

  it('has an "ADX Identity" icon in the activity bar', async () => {
    await wb().activityBarItem('ADX Identity').waitFor();
  });

  it('opens the Clusters view with its welcome text when the icon is clicked', async () => {
    await wb().activityBarItem('ADX Identity').click();
    await wb()
      .sideBarTitle()
      .filter({ hasText: /Clusters/i })
      .waitFor();
    await wb().viewContainer('adxIdentity').getByText('No Azure account is signed in').waitFor();
    await wb().settled();
    await wb().screenshot('explorer-view');
  });

  it('was activated by opening the view (the extension host log says so)', async () => {
    assert.equal(await activationEventOfNewestHost(), 'onView:adxIdentity.explorer');
  });
});
