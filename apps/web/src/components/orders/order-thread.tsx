// The order's message thread, for the client and for staff. Polls while open and marks what it shows read.
import { messageForm } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useId } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { applyServerErrors } from '../../lib/server-errors.ts';
import { trpc } from '../../lib/trpc.ts';

type Form = z.input<typeof messageForm>;

export function OrderThread({ number }: { number: string }) {
  const utils = trpc.useUtils();
  const messages = trpc.orders.messages.useQuery({ number }, { refetchInterval: 20_000 });
  const markRead = trpc.orders.markRead.useMutation();
  const send = trpc.orders.sendMessage.useMutation({ onSuccess: () => utils.orders.messages.invalidate({ number }) });
  const form = useForm<Form>({ resolver: zodResolver(messageForm), mode: 'onTouched', defaultValues: { body: '' } });
  const fieldId = useId();
  const unread = messages.data?.some((m) => m.unread) ?? false;

  useEffect(() => {
    if (unread && !markRead.isPending) markRead.mutate({ number });
  }, [unread, number, markRead]);

  const submit = form.handleSubmit(async (values) => {
    try {
      await send.mutateAsync({ number, body: values.body });
      form.reset({ body: '' });
    } catch (error) {
      const message = applyServerErrors(error, form.setError, ['body']);
      if (message) form.setError('body', { type: 'server', message });
    }
  });

  return (
    <section className="thread" aria-labelledby={`${fieldId}-title`}>
      <h2 id={`${fieldId}-title`}>Messages</h2>
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
      <form onSubmit={submit} noValidate className="thread__form">
        <label htmlFor={fieldId}>Write a message</label>
        <textarea
          id={fieldId}
          rows={3}
          aria-invalid={Boolean(form.formState.errors.body)}
          aria-describedby={`${fieldId}-error`}
          {...form.register('body')}
        />
        <p id={`${fieldId}-error`} className="field-error" role="alert">
          {form.formState.errors.body?.message}
        </p>
        <button type="submit" className="button" disabled={send.isPending}>
          Send message
        </button>
      </form>
    </section>
  );
}
