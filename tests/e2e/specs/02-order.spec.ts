import { test, expect } from '../fixtures';

test('journey 2: a key without description shows "-"; three keys made quickly are newest first, also after a reload', async ({
  alice: keys,
  page,
}) => {
  await expect(keys.emptyState).toBeVisible();

  // One after another, as quickly as the page allows: usually within one second.
  const first = await keys.create('Reporting cron');
  const second = await keys.create();
  await expect(keys.row(second.clientId).locator('td[data-label="Description"]')).toHaveText('-');
  // A key without description is named by its Client ID.
  await expect(keys.deleteButton(second.clientId)).toBeVisible();
  const third = await keys.create('Data sync');

  const order = [third.clientId, second.clientId, first.clientId];
  await expect(keys.clientIds).toHaveText(order);
  await expect(keys.descriptions).toHaveText(['Data sync', '-', 'Reporting cron']);
  await expect(page.getByText('3 of 100 keys', { exact: true })).toBeVisible();

  await page.reload();
  await keys.loaded();
  await expect(keys.clientIds).toHaveText(order);
  await expect(keys.descriptions).toHaveText(['Data sync', '-', 'Reporting cron']);
  const created = await keys.column('Created at').locator('time').evaluateAll((times) =>
    times.map((t) => Date.parse(t.getAttribute('datetime')!)),
  );
  expect(created).toEqual([...created].sort((a, b) => b - a));
  expect(new Set(created).size).toBe(3);
  const onServer = await keys.expectMatchesServer();
  expect(onServer.map((k) => k.client_id)).toEqual(order);

  // The filter narrows by description or Client ID as you type.
  await keys.filter.fill('sync');
  await expect(keys.clientIds).toHaveText([third.clientId]);
  await expect(page.getByText('1 shown · 3 of 100 keys')).toBeVisible();
  await keys.filter.fill(second.clientId.slice(0, 8).toUpperCase());
  await expect(keys.clientIds).toHaveText([second.clientId]);
  await keys.filter.fill('no such key');
  await expect(keys.rows).toHaveCount(0);
  await expect(page.getByText('No key matches “no such key”.')).toBeVisible();
  await keys.filter.fill('');
  await expect(keys.clientIds).toHaveText(order);
});
