-- A decision's answer is kept zstd-compressed by the service (DecisionAnswers): about 3 KB of a 9 KB answer, where
-- PostgreSQL's lz4 made 4.1 KB, too big to stay in the row, so each decision wrote three TOAST chunks and their index
-- entries besides its row. Compressed already, the column is kept in the row (storage main) and the row is left whole
-- up to half a page (toast_tuple_target): two decisions to a page, nothing moved out of line. Answers recorded before
-- stay in the text column, read back as they were.
alter table decision add column answer_zstd bytea;
alter table decision alter column answer_zstd set storage main;
alter table decision set (toast_tuple_target = 4080);
