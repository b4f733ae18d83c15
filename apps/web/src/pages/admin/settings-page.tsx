// The shop's settings in one form: identity and contact, how clients pay, and the numbers the jobs
// run by. The server saves only what changed (one audit row) and says so; its refusals stand under
// their fields.
import type { RouterOutputs } from '@damso/api';
import { formatIban, type ShopSettingsInput, type ShopSettingsValues, shopSettingsInput } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { type UseFormReturn, useForm } from 'react-hook-form';
import { Alert } from '../../components/form/alert.tsx';
import { Field, FormError, SubmitButton } from '../../components/form/form-kit.tsx';
import { DEFAULT_COUNTRY, PhoneFields } from '../../components/form/phone-fields.tsx';
import { submitForm } from '../../components/form/submit.ts';
import { trpc } from '../../lib/trpc.ts';
import { ContentPagesSection } from './content-pages-form.tsx';
import '../../styles/admin.css';

type Stored = RouterOutputs['admin']['settings']['shop'];

const formValues = (s: Stored): ShopSettingsInput => ({
  ...s,
  phoneCountry: s.phoneCountry ?? DEFAULT_COUNTRY,
  bankIban: formatIban(s.bankIban),
});

function SettingsForm({ stored }: { stored: Stored }) {
  const utils = trpc.useUtils();
  const save = trpc.admin.settings.saveShop.useMutation();
  const [outcome, setOutcome] = useState<string | null>(null);
  const form = useForm<ShopSettingsInput, unknown, ShopSettingsValues>({
    resolver: zodResolver(shopSettingsInput),
    mode: 'onTouched',
    defaultValues: formValues(stored),
  });
  const { register } = form;
  const { errors, isSubmitting } = form.formState;
  const submit = submitForm(form, async (values) => {
    setOutcome(null);
    const { changed } = await save.mutateAsync(values);
    // The header and the tab title show the shop's name from bootstrap.
    if (changed.includes('shop_name')) void utils.system.bootstrap.invalidate();
    const fresh = await utils.admin.settings.shop.fetch();
    form.reset(formValues(fresh));
    setOutcome(changed.length === 0 ? 'Nothing changed.' : 'Settings saved.');
  });
  return (
    <form onSubmit={submit} noValidate className="form admin-form">
      <fieldset className="admin-form__grid">
        <legend>Shop</legend>
        <Field
          label="Shop name"
          autoComplete="organization"
          error={errors.shopName?.message}
          {...register('shopName')}
        />
        <Field
          label="Contact email"
          type="email"
          autoComplete="email"
          error={errors.contactEmail?.message}
          {...register('contactEmail')}
        />
        <div className="admin-form__wide">
          <PhoneFields
            form={form as unknown as UseFormReturn<ShopSettingsInput>}
            legend="Contact phone (optional)"
            hint="The number clients can call about their orders; leave empty for none."
          />
        </div>
      </fieldset>

      <fieldset className="admin-form__grid">
        <legend>Payment by bank transfer</legend>
        <div className="admin-form__wide">
          <Field
            label="Payment instructions shown on unpaid orders"
            hint="Shown on the order page and in the order email, above the bank details."
            error={errors.paymentInstructions?.message}
          >
            {(control) => <textarea {...control} rows={4} {...register('paymentInstructions')} />}
          </Field>
        </div>
        <Field label="Account holder" error={errors.bankAccountHolder?.message} {...register('bankAccountHolder')} />
        <Field
          label="IBAN"
          autoCapitalize="characters"
          spellCheck={false}
          error={errors.bankIban?.message}
          {...register('bankIban')}
        />
        <Field
          label="BIC (optional)"
          autoCapitalize="characters"
          spellCheck={false}
          error={errors.bankBic?.message}
          {...register('bankBic')}
        />
      </fieldset>

      <fieldset className="admin-form__grid">
        <legend>Timing and limits</legend>
        <Field
          label="Unpaid orders are cancelled after (hours)"
          inputMode="numeric"
          hint="Counted from when the order last started waiting for payment."
          error={errors.unpaidOrderHours?.message}
          {...register('unpaidOrderHours')}
        />
        <Field
          label="Subscription reminder emails, days before the end"
          inputMode="numeric"
          placeholder="7,3,1"
          hint="Comma-separated, like 7,3,1. Clients also get an email when a subscription ends."
          error={errors.reminderDays?.message}
          {...register('reminderDays')}
        />
        <Field
          label="Emails sent per day at most"
          inputMode="numeric"
          hint="Over any 24 hours; 0 for no cap. The others wait in the outbox."
          error={errors.emailDailyCap?.message}
          {...register('emailDailyCap')}
        />
      </fieldset>
      <FormError form={form} />
      {outcome && !form.formState.isDirty ? <Alert kind="success">{outcome}</Alert> : null}
      <div className="form__actions">
        <SubmitButton busy={isSubmitting} busyLabel="Saving…">
          Save settings
        </SubmitButton>
      </div>
    </form>
  );
}

export function AdminSettingsPage() {
  const stored = trpc.admin.settings.shop.useQuery(undefined, { refetchOnWindowFocus: false });
  return (
    <section>
      <h1>Settings</h1>
      {stored.error ? <Alert kind="error">{stored.error.message}</Alert> : null}
      {stored.data ? <SettingsForm stored={stored.data} /> : !stored.error && <p aria-busy="true">Loading settings…</p>}
      <ContentPagesSection />
    </section>
  );
}
