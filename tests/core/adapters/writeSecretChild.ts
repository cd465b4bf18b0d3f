// Run by secretFile.test.ts under strace: one durable write through the code under test.
//   writeSecretChild.ts secret <file>     writeSecretJson(file, …)
//   writeSecretChild.ts tokens <folder>   TokenStore.open(folder) then rotate('producer')
import { writeSecretJson } from '../../../core/adapters/secretFile.js';
import { TokenStore } from '../../../core/tokens.js';

const [mode, target] = process.argv.slice(2);
if (!target) throw new Error('usage: writeSecretChild.ts secret|tokens <path>');
if (mode === 'secret') {
  await writeSecretJson(target, { password: 'not really' });
} else if (mode === 'tokens') {
  const store = await TokenStore.open(target);
  process.stdout.write('MARK\n');
  await store.rotate('producer');
} else {
  throw new Error(`unknown mode ${mode}`);
}
