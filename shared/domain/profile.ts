import type { UserDoc } from '../schema/users';

/** One thing a complete profile has, for the completeness indicator. */
export interface ProfileItem {
  readonly key: string;
  readonly label: string;
  readonly done: boolean;
}

export interface ProfileCompleteness {
  readonly items: readonly ProfileItem[];
  /** 0–100, whole. */
  readonly percent: number;
  readonly complete: boolean;
}

const filled = (value: string | undefined): boolean => (value?.trim().length ?? 0) > 0;

/**
 * What a complete profile has (the seed's `profileComplete`): a name, an email, where they are, a
 * headline, a short bio and at least one link (website or a social profile). The app stores the
 * result on the profile so lists can show it without recomputing.
 */
export const profileCompleteness = (
  profile: Pick<
    UserDoc,
    'fullName' | 'email' | 'country' | 'city' | 'headline' | 'bio' | 'website' | 'social'
  >,
): ProfileCompleteness => {
  const social = profile.social ?? {};
  const items: ProfileItem[] = [
    { key: 'fullName', label: 'Full name', done: filled(profile.fullName) },
    { key: 'email', label: 'Email', done: filled(profile.email) },
    { key: 'country', label: 'Country', done: filled(profile.country) },
    { key: 'city', label: 'City', done: filled(profile.city) },
    { key: 'headline', label: 'Headline', done: filled(profile.headline) },
    { key: 'bio', label: 'Bio', done: filled(profile.bio) },
    {
      key: 'links',
      label: 'A website or social profile',
      done:
        filled(profile.website) ||
        [social.github, social.facebook, social.twitter, social.linkedin].some(filled),
    },
  ];
  const done = items.filter((item) => item.done).length;
  return {
    items,
    percent: Math.round((done / items.length) * 100),
    complete: done === items.length,
  };
};

const socialKeys = ['github', 'facebook', 'twitter', 'linkedin'] as const;

/** What a person edits on their profile (the profile form, `users.editProfile`). */
export interface ProfileEdit {
  readonly fullName?: string;
  readonly email?: string;
  readonly country?: string;
  readonly city?: string;
  readonly social?: Partial<Record<(typeof socialKeys)[number], string>>;
  readonly website?: string;
  readonly bio?: string;
  readonly headline?: string;
}

const editableKeys = [
  'fullName',
  'country',
  'city',
  'website',
  'bio',
  'headline',
] as const satisfies readonly (keyof ProfileEdit)[];

/**
 * A profile after an edit. The form sends the whole profile, so a field left out or blank is
 * cleared (a blank link cannot be stored: the schema wants a URL) — except the email, which every
 * profile has and which only changes to another address. `profileComplete` follows the result.
 */
export const applyProfileEdit = <P extends UserDoc>(profile: P, edit: ProfileEdit): P => {
  const cleared = new Set<string>([...editableKeys, 'social']);
  const kept = Object.entries(profile).filter(([key]) => !cleared.has(key));
  const filled = (entries: readonly (readonly [string, string | undefined])[]) =>
    entries.flatMap(([key, value]) => {
      const trimmed = value?.trim();
      return trimmed ? [[key, trimmed] as const] : [];
    });
  const edited = filled(editableKeys.map((key) => [key, edit[key]] as const));
  const social = filled(socialKeys.map((key) => [key, edit.social?.[key]] as const));
  const email = edit.email?.trim();
  const next = Object.fromEntries([
    ...kept,
    ...edited,
    ...(email ? [['email', email]] : []),
    ...(social.length > 0 ? [['social', Object.fromEntries(social)]] : []),
  ]) as P;
  return { ...next, profileComplete: profileCompleteness(next).complete };
};

/** Whether a person matches a search box's text (name, username, email, headline, place). */
export const profileMatches = (
  profile: Pick<UserDoc, 'username' | 'email' | 'fullName' | 'headline' | 'city' | 'country'>,
  text: string,
): boolean => {
  const words = text.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [
    profile.fullName,
    profile.username,
    profile.email,
    profile.headline,
    profile.city,
    profile.country,
  ]
    .filter((part): part is string => typeof part === 'string')
    .join(' ')
    .toLocaleLowerCase();
  return words.every((word) => haystack.includes(word));
};
