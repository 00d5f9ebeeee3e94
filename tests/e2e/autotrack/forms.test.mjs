// trackSubmit (auto_page.mjs): the fields it takes and never takes, who submitted, forms added
// later, and data-form-fields="off".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoPageErrors } from '../browser.mjs';
import { waitForSnippet } from '../test_page.mjs';
import { inBothBuilds } from './auto_page.mjs';

inBothBuilds(({ buildPage, setup }) => {
  test('trackSubmit: the fields it may take, never the ones it must not, and who submitted', async () => {
    const { rec, page, done } = await setup();
    try {
      const head = `_kmq.push(['trackSubmit', 'signup_form', 'Signed Up', { variation: 'single page' }]);`;
      const body = `
        <form id="signup_form" action="/other" method="get">
          <input name="name" value="Ann">
          <input name="e_mail" type="email" value="ann@acme.com">
          <input name="password" type="password" value="hunter2">
          <input name="csrf" type="hidden" value="t0k3n">
          <textarea name="about">secret notes</textarea>
          <input name="cc_number" value="plain">
          <input name="billing_zip" value="94105">
          <input name="coupon" class="km_ignore" value="FREE10">
          <input name="ref" type="hidden" class="km_include" value="ad7">
          <input name="card" value="4111 1111 1111 1111">
          <input name="tax_id" class="km_include" value="078-05-1120">
          <input name="newsletter" type="checkbox">
          <input name="terms" type="checkbox" checked>
          <select name="plan"><option>basic</option><option selected>pro</option></select>
          <button id="send" name="go" value="yes">Sign up</button>
        </form>`;
      await page.goto(rec.page('/form.html', buildPage(rec, { head, body })));
      await waitForSnippet(page);
      await page.click('#send');
      await page.waitForURL('**/other**');
      await rec.waitFor(() => rec.events('Signed Up').length === 1, { what: 'Signed Up' });
      const [signed] = rec.events('Signed Up');
      assert.deepEqual(signed.properties, {
        variation: 'single page',
        name: 'Ann',
        e_mail: 'ann@acme.com',
        ref: 'ad7',
        terms: 'on',
        plan: 'pro',
      });
      assert.equal(signed.userId, 'ann@acme.com', 'the email field identifies the anonymous visitor');
      const alias = rec.messages().find((m) => m.type === 'alias');
      assert.equal(alias?.userId, 'ann@acme.com');
      const everything = rec.requests.map((r) => r.text).join('\n');
      for (const secret of ['hunter2', 't0k3n', 'secret notes', 'plain', '94105', 'FREE10', '4111', '078-05-1120']) {
        assert.ok(!everything.includes(secret), `${secret} was sent`);
      }
    } finally {
      await done();
    }
  });

  test('trackSubmit by .class counts a form added after the command', async () => {
    const { rec, page, done } = await setup();
    try {
      const head = `_kmq.push(['trackSubmit', '.invite_form', 'Invite Form Submitted']);`;
      await page.goto(rec.page('/later-form.html', buildPage(rec, { head })));
      await waitForSnippet(page);
      await page.evaluate(() => {
        const form = document.createElement('form');
        form.className = 'invite_form';
        form.setAttribute('onsubmit', 'event.preventDefault(); window.submitted = true');
        form.innerHTML = '<input name="friend" value="Bob"><button id="send">Invite</button>';
        document.body.append(form);
      });
      await page.click('#send');
      await rec.waitFor(() => rec.events('Invite Form Submitted').length === 1, { what: 'Invite Form Submitted' });
      assert.deepEqual(rec.events('Invite Form Submitted')[0].properties, { friend: 'Bob' });
      assert.equal(await page.evaluate(() => window.submitted), true, "the page's own handler still runs");
      await assertNoPageErrors(page);
    } finally {
      await done();
    }
  });

  test('data-form-fields="off" captures no field', async () => {
    const { rec, page, done } = await setup();
    try {
      const head = `_kmq.push(['trackSubmit', '.signup', 'Signed Up']);`;
      const body = `
        <form class="signup" onsubmit="event.preventDefault(); window.submitted = true">
          <input name="email" value="ann@acme.com"><button id="send">Sign up</button>
        </form>`;
      await page.goto(rec.page('/off.html', buildPage(rec, { head, body, attrs: { 'data-form-fields': 'off' } })));
      await waitForSnippet(page);
      await page.click('#send');
      await rec.waitFor(() => rec.events('Signed Up').length === 1, { what: 'Signed Up' });
      assert.deepEqual(rec.events('Signed Up')[0].properties, {});
      assert.equal(rec.events('Signed Up')[0].userId, undefined);
      assert.equal(await page.evaluate(() => window.submitted), true);
      await assertNoPageErrors(page);
    } finally {
      await done();
    }
  });
});
