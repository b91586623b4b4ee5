/** Letters and digits that cannot be misread when a password is read out or copied by hand. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A password for a new account, from the browser's cryptographic random source: 16 characters of
 * a 55-letter alphabet (about 92 bits). Rejection sampling keeps every letter equally likely.
 */
export const generatePassword = (length = 16): string => {
  const limit = 256 - (256 % ALPHABET.length);
  let password = '';
  while (password.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit && password.length < length)
        password += ALPHABET.charAt(byte % ALPHABET.length);
    }
  }
  return password;
};
