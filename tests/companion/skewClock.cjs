// Preloaded into the module's process (node --require): this machine's clock runs
// SHOWCALLER_SKEW_MS ahead of the core's, as a Stream Deck laptop's clock may.
const skew = Number(process.env.SHOWCALLER_SKEW_MS ?? 0);
const realNow = Date.now.bind(Date);
Date.now = () => realNow() + skew;
