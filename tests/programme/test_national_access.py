def test_csv_export_without_a_table_name_gives_progress_by_council(client, carol, seeded):
    client.force_login(carol)
    response = client.get("/national/?_export=csv")
    assert response["Content-Type"].startswith("text/csv")
    header = b"".join(response.streaming_content).decode().splitlines()[0]
    assert "Council" in header or "council" in header
