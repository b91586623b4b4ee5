import { create } from 'zustand';

/** Every screen a user can reach from the navigation. Features add theirs here. */
export const screens = [
  { id: 'about', label: 'About this installation', description: 'Version, mode and data folder' },
] as const;

export type ScreenId = (typeof screens)[number]['id'];

interface NavigationState {
  readonly screen: ScreenId;
  readonly navigate: (screen: ScreenId) => void;
}

export const useNavigation = create<NavigationState>((set) => ({
  screen: 'about',
  navigate: (screen) => {
    set({ screen });
  },
}));
