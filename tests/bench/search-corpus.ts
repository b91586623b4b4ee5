// The search benchmark's data: the demo organisation scaled to 10,000 tasks and 10,000 reports, and
// 100,000 chat messages written from a vocabulary with a natural (Zipf) spread of word frequencies
// — a few words in most messages, most words rare — with names that carry accents and some
// Chinese and Japanese lines. Deterministic: the same seed gives the same documents and queries.
import { newId } from '../../shared/domain/ids';
import { termsOf } from '../../shared/domain/search-terms';
import { generateDemoOrganisation } from '../../shared/demo';
import type { DemoOrganisation } from '../../shared/demo';
import { createPrng } from '../../shared/demo/prng';
import type { Prng } from '../../shared/demo/prng';
import type { MessageDoc } from '../../shared/schema';

const COMMON = `the a to and of in is it you that for on we this can with i be have are not my
  at do so if your just will but me all from about what get up out by an one there was when
  they how our more know think need like should would make review build test ship deploy fix
  meeting tomorrow today friday monday week sprint demo branch merge pull request issue bug
  feature release deadline mentor mentee programme project task report draft submit feedback
  question answer session workshop pairing standup retro design database server client api
  frontend backend mobile offline sync conflict schema query index search cache login password
  account profile certificate approval application onboarding guide checklist slides talk
  presentation recording schedule calendar invite room hangout coffee lunch thanks please
  great awesome done blocked waiting working pushed commented approved rejected tested`
  .split(/\s+/)
  .filter(Boolean);
const NAMES = [
  'Müller',
  'Zoë',
  'José',
  'François',
  'Łukasz',
  'Søren',
  'Ngozi',
  'Ayşe',
  'Björk',
  'Renée',
  'Nakamura',
  'Okafor',
];
const CJK_LINES = [
  '明天的会议室在三楼',
  '请大家周五之前提交报告',
  '我已经修好了这个问题',
  '今日のミーティングは午後三時からです',
  'レビューをお願いします',
  '東京オフィスでワークショップを開きます',
  '한국어 회의를 내일 합니다',
];
const SYLLABLES = 'ka ri to mo na sel vin dor lu pa tre gan ex ol ium ber quo zan fi wen'.split(
  ' ',
);

/** The vocabulary, most frequent first: common words, then invented rarer ones. */
const vocabulary = (prng: Prng, size: number): string[] => {
  const words = new Set(COMMON);
  while (words.size < size) {
    let word = '';
    const syllables = prng.int(2, 4);
    for (let i = 0; i < syllables; i += 1) word += prng.pick(SYLLABLES);
    words.add(word);
  }
  return [...words];
};

/** Picks words with probability ∝ 1/rank, by binary search over the cumulative weights. */
const zipf = (prng: Prng, words: readonly string[]) => {
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= words.length; rank += 1) {
    total += 1 / rank;
    cumulative.push(total);
  }
  return (): string => {
    const target = prng.next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((cumulative[mid] ?? 0) < target) low = mid + 1;
      else high = mid;
    }
    return words[low] ?? 'the';
  };
};

export interface SearchCorpus {
  readonly org: DemoOrganisation;
  readonly messages: MessageDoc[];
  /** More messages, held back for the burst (as if a sync brought them). */
  readonly burst: MessageDoc[];
  /** What people type: 1–3 words, some cut short (still typing), some misspelt. */
  readonly queries: TypedQuery[];
}

export interface TypedQuery {
  readonly text: string;
  /** Whole words, the last cut short, or the last misspelt. */
  readonly kind: 'words' | 'typing' | 'typo';
}

const DAY = 86_400_000;

/** Changes one letter the way fingers do: swapped, missing, doubled or wrong. */
const misspell = (prng: Prng, word: string): string => {
  const at = prng.int(1, word.length - 2);
  switch (prng.int(0, 3)) {
    case 0:
      return word.slice(0, at) + (word[at + 1] ?? '') + (word[at] ?? '') + word.slice(at + 2);
    case 1:
      return word.slice(0, at) + word.slice(at + 1);
    case 2:
      return word.slice(0, at) + (word[at] ?? '') + word.slice(at);
    default:
      return (
        word.slice(0, at) +
        prng.pick(['a', 'e', 'i', 'o', 'u', 's', 't', 'r', 'n']) +
        word.slice(at + 1)
      );
  }
};

export const generateSearchCorpus = (
  options: {
    readonly messages?: number;
    readonly tasks?: number;
    readonly reports?: number;
    readonly burst?: number;
    readonly queries?: number;
    readonly seed?: number;
  } = {},
): SearchCorpus => {
  const seed = options.seed ?? 18;
  const now = Date.parse('2025-06-01T09:00:00.000Z');
  const org = generateDemoOrganisation({
    seed,
    now: new Date(now).toISOString(),
    tasks: options.tasks ?? 10_000,
    reports: options.reports ?? 10_000,
    messages: 0,
  });
  const prng = createPrng(seed);
  const pickWord = zipf(prng, vocabulary(prng, 6_000));
  const line = (): string => {
    if (prng.chance(0.04)) return prng.pick(CJK_LINES);
    const words: string[] = [];
    const length = prng.int(4, 24);
    for (let i = 0; i < length; i += 1) {
      words.push(prng.chance(0.03) ? prng.pick(NAMES) : pickWord());
    }
    const text = words.join(' ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}${prng.pick(['.', '?', '!', ''])}`;
  };
  const message = (index: number, total: number): MessageDoc => {
    const chat = prng.pick(org.chats);
    // Spread over the last year, oldest first, as a history accumulates.
    const at = new Date(now - Math.floor(((total - index) / total) * 365 * DAY)).toISOString();
    return {
      id: newId(prng.bytes, Date.parse(at)),
      chatId: chat.id,
      createdBy: prng.pick(chat.memberIds),
      body: line(),
      createdAt: at,
      updatedAt: at,
    };
  };
  const count = options.messages ?? 100_000;
  const messages = Array.from({ length: count }, (_, index) => message(index, count));
  const burst = Array.from({ length: options.burst ?? 1_000 }, (_, index) =>
    message(count + index, count),
  );

  // Queries are made from real documents' words, as people search for what they remember.
  const texts = [
    ...messages.map((doc) => doc.body),
    ...org.tasks.map((task) => task.title),
    ...org.reports.map((report) => `${report.title} ${report.achievements}`),
  ];
  const queries: TypedQuery[] = [];
  while (queries.length < (options.queries ?? 300)) {
    const words = termsOf(prng.pick(texts)).filter((word) => word.length >= 3);
    if (words.length === 0) continue;
    const start = prng.int(0, words.length - 1);
    const typed = words.slice(start, start + prng.int(1, 3));
    const last = typed.length - 1;
    const lastWord = typed[last] ?? '';
    const roll = prng.next();
    let kind: TypedQuery['kind'] = 'words';
    if (roll < 0.3 && lastWord.length >= 4) {
      typed[last] = lastWord.slice(0, prng.int(2, lastWord.length - 1));
      kind = 'typing';
    } else if (roll < 0.5 && lastWord.length >= 5) {
      typed[last] = misspell(prng, lastWord);
      kind = 'typo';
    }
    queries.push({ text: typed.join(' '), kind });
  }
  return { org, messages, burst, queries };
};
