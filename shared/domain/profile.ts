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
