// `npm run content:import`: imports content/ into the configured database (also done at every start).
import { join } from "node:path";
import { openDatabase } from "../db/client.server";
import { config } from "../app/modules/config.server";
import { importQuestionContent } from "../app/modules/question-bank/import-content.server";
import { importCourseContent } from "../app/modules/learning/import-content.server";

const env = config();
const database = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: join(env.DATA_DIR, "pglite") });
try {
  const curriculum = await importCourseContent(database.db);
  console.log(`curriculum: ${curriculum.courses} courses, ${curriculum.lessons} lessons`);
  const report = await importQuestionContent(database.db);
  console.log(
    `question banks: ${report.banks}, questions added ${report.inserted}, updated ${report.updated}, unchanged ${report.unchanged}`,
  );
} finally {
  await database.close();
}
