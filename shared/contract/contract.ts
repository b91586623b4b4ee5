import type { z } from 'zod';
import { appContract } from './app';
import { backupContract, diagnosticsContract } from './desktop';
import { certificatesContract } from './certificates';
import { chatsContract } from './conversations';
import { forumContract } from './forum';
import { notificationsContract } from './notifications';
import { organisationContract } from './organisation';
import { dashboardContract, filesContract, searchContract } from './overview';
import { peopleContract, referenceListsContract, userDetailsContract } from './people';
import { applicationsContract, programmeMembersContract, programmesContract } from './programmes';
import { sessionContract, syncContract } from './session';
import { reportsContract, tasksContract } from './work';
import type { CommandDef, LiveQueryDef } from './define';

/**
 * Every command and live query the host offers. Features add their own map here; the core refuses
 * to start if two features register the same name.
 */
export const contract = {
  ...appContract,
  ...sessionContract,
  ...syncContract,
  ...peopleContract,
  ...userDetailsContract,
  ...referenceListsContract,
  ...organisationContract,
  ...programmesContract,
  ...programmeMembersContract,
  ...applicationsContract,
  ...tasksContract,
  ...reportsContract,
  ...certificatesContract,
  ...chatsContract,
  ...forumContract,
  ...dashboardContract,
  ...searchContract,
  ...filesContract,
  ...backupContract,
  ...diagnosticsContract,
  ...notificationsContract,
};

export type Contract = typeof contract;
export type ContractName = keyof Contract;

export type CommandName = {
  [N in ContractName]: Contract[N] extends CommandDef<z.ZodType, unknown> ? N : never;
}[ContractName];

export type LiveQueryName = {
  [N in ContractName]: Contract[N] extends LiveQueryDef<z.ZodType, unknown> ? N : never;
}[ContractName];

/** What the caller passes (before defaults and transforms). */
export type InputOf<N extends ContractName> = z.input<Contract[N]['input']>;
/** What the handler receives (after parsing). */
export type ParsedInputOf<N extends ContractName> = z.output<Contract[N]['input']>;
// The phantom is optional, so its type carries `undefined`; `null` is a real result and stays.
export type ResultOf<N extends ContractName> = Exclude<Contract[N]['resultType'], undefined>;

export const isContractName = (name: unknown): name is ContractName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
