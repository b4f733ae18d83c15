// The scale data's users: the three demo logins (same addresses as the demo data), admins and
// employees, then clients in sign-up order. Addresses use reserved example domains.
import { DEMO_LOGINS, type OrderClient } from '@damso/db';
import type { BulkWriter, Row } from './bulk.ts';
import { demoIds, isSuspended, isUnverified, type Plan, roleOf, userCreatedAt } from './model.ts';
import { Rng } from './prng.ts';

const FIRST = (
  'Ada Aiko Alba Amara Ana Anders Arjun Ava Bea Ben Bilal Bruno Carla Chen Chloe Dara Diego Dmitri Elena Eli Emma ' +
  'Erik Esra Farah Felix Fatima Gia Hana Hugo Ines Ivan Jana Javier Jin Joao Kai Kamal Kenji Lara Leo Lina Luca ' +
  'Maya Mateo Mei Mila Nadia Nico Noah Nora Olga Omar Priya Quinn Rafael Rania Rosa Sami Sara Sofia Tariq Theo ' +
  'Uma Vera Wen Yara Yusuf Zoe Zara Amir Clara Daniel Hiro Ingrid Jonas Leila Marco Nina Pablo Rui Selin Tomas'
).split(' ');
const LAST = (
  'Abbott Adeyemi Alvarez Andersen Bakker Banerjee Becker Bianchi Costa Dubois Eriksen Fischer Fontaine Garcia ' +
  'Haddad Hansen Ibrahim Ivanova Jansen Kaya Kim Kowalski Larsen Lefebvre Lopez Marin Meyer Moreau Nakamura ' +
  'Novak Okafor Olsen Park Patel Perez Petrov Quintero Rossi Santos Schmidt Silva Singh Sato Tanaka Torres ' +
  'Vargas Weber Wong Yilmaz Young Zhang Nguyen Murphy Kelly Walsh Brennan Ortiz Ramos Horvat Kovac Popescu'
).split(' ');
const DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example.com', 'post.example.net'];
// E.164 prefixes of fictional or test ranges, by country.
const PHONES: ReadonlyArray<readonly [string, number]> = [
  ['+1415555', 4],
  ['+1212555', 4],
  ['+447700900', 3],
  ['+33612', 6],
  ['+49151', 8],
  ['+34612', 6],
  ['+8190', 8],
];

export function userRow(plan: Plan, id: number, passwordHash: string, rng: Rng): Row<'users'> {
  const created = new Date(userCreatedAt(plan, id));
  const demo = demoIds(plan);
  const login =
    id === demo.admin
      ? DEMO_LOGINS[0]
      : id === demo.employee
        ? DEMO_LOGINS[1]
        : id === demo.client
          ? DEMO_LOGINS[2]
          : null;
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  const [prefix, length] = rng.pick(PHONES);
  const digits = String(rng.int(0, 10 ** length - 1)).padStart(length, '0');
  const role = roleOf(plan, id);
  const unverified = !login && role === 'client' && isUnverified(id);
  const suspended = !login && role === 'client' && isSuspended(id);
  return {
    id,
    email: login?.email ?? `${first}.${last}.${id}@${rng.pick(DOMAINS)}`.toLowerCase(),
    email_verified_at: unverified ? null : new Date(created.getTime() + rng.int(60_000, 3_600_000)),
    pending_email: null,
    full_name: login?.fullName ?? `${first} ${last}`,
    phone: login?.phone ?? `${prefix}${digits}`,
    password_hash: passwordHash,
    role,
    status: suspended ? 'suspended' : 'active',
    created_at: created,
    updated_at: created,
  };
}

/** Each user's email and name by id (index 0 unused): every order carries its client's (orderClient). */
export type Contacts = ReadonlyArray<OrderClient | undefined>;

export async function writeUsers(plan: Plan, passwordHash: string, users: BulkWriter<'users'>): Promise<Contacts> {
  const rng = new Rng(plan.seed, 1);
  const contacts: OrderClient[] = [];
  for (let id = 1; id <= plan.users; id += 1) {
    const row = userRow(plan, id, passwordHash, rng);
    contacts[id] = { client_email: row.email, client_name: row.full_name };
    const wait = users.push(row);
    if (wait) await wait;
  }
  await users.flush();
  return contacts;
}
