"""Planning: the urgency list of planned purchases and the life-cycle cost of offers."""
