// The order's message thread, for the client and for staff. Polls while open and marks what it shows read.
import { messageForm } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useId } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { trpc } from '../../lib/trpc.ts';
import { Field, SubmitButton } from '../form/form-kit.tsx';
import { submitForm } from '../form/submit.ts';

type Form = z.input<typeof messageForm>;

export function OrderThread({ number }: { number: string }) {
  const utils = trpc.useUtils();
  const messages = trpc.orders.messages.useQuery({ number }, { refetchInterval: 20_000 });
  const markRead = trpc.orders.markRead.useMutation();
  const send = trpc.orders.sendMessage.useMutation({ onSuccess: () => utils.orders.messages.invalidate({ number }) });
  const form = useForm<Form>({ resolver: zodResolver(messageForm), mode: 'onTouched', defaultValues: { body: '' } });
  const titleId = useId();
  const unread = messages.data?.some((m) => m.unread) ?? false;

  useEffect(() => {
    if (unread && !markRead.isPending) markRead.mutate({ number });
  }, [unread, number, markRead]);

  // A one-field form: the server's refusal stands under the message.
  const submit = submitForm(
    form,
    async (values) => {
      await send.mutateAsync({ number, body: values.body });
      form.reset({ body: '' });
    },
    'body',
  );

  return (
    <section className="thread" aria-labelledby={titleId}>
      <h2 id={titleId}>Messages</h2>
      {messages.data?.length ? (
        <ol className="thread__list">
          {messages.data.map((m) => (
            <li
              key={m.id}
              className={`message${m.mine ? ' message--mine' : ''}${m.fromStaff ? ' message--staff' : ''}`}
            >
              <div className="message__meta">
                <strong>{m.mine ? 'You' : m.author}</strong>
                {m.unread && <span className="flag flag--info">New</span>}
                <time dateTime={m.createdAt.toISOString()}>{m.createdAt.toLocaleString()}</time>
              </div>
              <p className="message__body">{m.body}</p>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">No messages yet.</p>
      )}
      <form onSubmit={submit} noValidate className="thread__form form">
        <Field label="Write a message" error={form.formState.errors.body?.message}>
          {(control) => <textarea {...control} rows={3} {...form.register('body')} />}
        </Field>
        <SubmitButton busy={form.formState.isSubmitting}>Send message</SubmitButton>
      </form>
    </section>
  );
}
