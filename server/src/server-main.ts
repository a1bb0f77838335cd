/** Entry point of server/out/server.js, the language server the extension starts. */
import { startServer } from './server';

startServer();
