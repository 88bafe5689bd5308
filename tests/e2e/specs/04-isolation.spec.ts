import { test, expect } from '../fixtures';
import { Api } from '../api';
import { signInThroughPage } from '../pages';

test("journey 4: bob sees none of alice's keys and cannot delete them", async ({ alice, accounts, newContext }) => {
  const key = await alice.create('Alice private export');

  await accounts.reset('bob');
  const bobPage = await (await newContext()).newPage();
  const bob = await signInThroughPage(bobPage, 'bob', accounts.password);
  await expect(bob.emptyState).toBeVisible();
  await expect(bobPage.locator('body')).not.toContainText(key.clientId);
  await expect(bobPage.locator('body')).not.toContainText('Alice private export');
  const bobApi = new Api(bobPage.request);
  expect(await bobApi.keys()).toEqual([]);

  // bob's session cannot delete alice's key.
  const refused = await bobApi.delete(key.clientId);
  expect(refused.ok(), `bob deleting alice's key answered ${refused.status()}`).toBe(false);
  expect(refused.status()).toBe(404);

  // A key bob makes stays his.
  const bobKey = await bob.create('Bob key');

  await alice.page.reload();
  await alice.loaded();
  await expect(alice.clientIds).toHaveText([key.clientId]);
  await expect(alice.page.locator('body')).not.toContainText(bobKey.clientId);
  const aliceKeys = await alice.expectMatchesServer();
  expect(aliceKeys.map((k) => k.client_id)).toEqual([key.clientId]);
  await bob.expectMatchesServer();
});
