from tests.backfill.conftest import Backfill

def test_smoke(sandbox_factory, tmp_path):
    sb = sandbox_factory(limits=False)
    bf = Backfill(sb, f"sqlite:///{tmp_path/'x.db'}")
    done = bf.run("--from", "2025-10-01", "--to", "2025-10-03", "--what", "results,racecards", "--json")
    print(done.returncode, done.stderr[-3000:], done.stdout[-3000:])
    done = bf.run("--from", "2025-10-01", "--to", "2025-10-03", "--check-status")
    print(done.returncode, done.stderr[-3000:], done.stdout[-3000:])
    assert 0
