# CPCA 会员管理系统. Two commands do everything on a fresh machine of this kind:
#   make run   - install front-end packages, build, migrate, seed demo data into a database it creates, start
#   make test  - everything, including browser tests
SHELL := /bin/bash
export PATH := /usr/local/go/bin:$(PATH)
BIN := bin/cpca
GOFLAGS ?=

.PHONY: run build assets test unit vet deps fonts bench clean services

# What npm installs: the vendored scripts, and axe-core and the Nu Html Checker for the tests.
NPM_FILES := node_modules/htmx.org/dist/htmx.min.js node_modules/echarts/dist/echarts.min.js node_modules/axe-core/axe.min.js node_modules/vnu-jar/build/dist/vnu.jar

assets: $(NPM_FILES)
	@mkdir -p public/vendor
	@cp node_modules/htmx.org/dist/htmx.min.js public/vendor/htmx.min.js
	@cp node_modules/echarts/dist/echarts.min.js public/vendor/echarts.min.js

$(NPM_FILES) &: package.json
	npm install --no-audit --no-fund --loglevel=error
	@touch $(NPM_FILES)

build: assets
	go build $(GOFLAGS) -o $(BIN) .

services:
	@bash .ci/services

run: build services
	@bash .ci/deps runtime
	@./$(BIN) demo
	@./$(BIN) migrate up
	@echo
	@echo "  CPCA 会员管理系统: $${CPCA_BASE_URL:-http://$${CPCA_ADDR:-127.0.0.1:8080}}"
	@echo "  Demo logins (password Demo#2026cpca):"
	@echo "    admin       系统管理员 (all staff pages, 后台任务, 审计日志, 登录锁定)"
	@echo "    huiyuan     会员部 (入会审核, 会员管理, 晋升审核, 会员信息变更, 通讯录默认设置)"
	@echo "    caiwu       财务 (会员缴费管理, 会费标准, 发票, 会员证书)"
	@echo "    huizhan     会展 (展会活动管理: 报名名单, 候补, 现场签到; 项目申报管理: 附件, 申报登记)"
	@echo "    xinxi       信息 (站内信管理, 邮件管理, 短信管理, 反馈建议管理)"
	@echo "    huadian     会员单位 深圳华电电路有限公司 (会员缴费, 展会候补, 项目申报 提醒我/我的申报, 通讯录, 反馈信息, 会员信息, 单位成员)"
	@echo "    shanghaicl  理事单位 上海精诚覆铜板股份有限公司 (会员证书, 会员晋升, 电子票)"
	@echo "    yongjiang   会员单位 宁波甬江电路板有限公司, suspended by 会员部 (暂停: only 待办事项, 站内信息, 个人中心)"
	@echo "    pingshen    外部评审专家 (参会投稿 评审任务: one paper scored, blind review)"
	@echo "    suzhoupcb   申请人 (待审核)"
	@echo "    dgzl        申请人 (已退回, 可修改后重新提交)"
	@echo "    zhhy        申请人 (待审核)"
	@echo
	@exec ./$(BIN) serve

# Browser tests need Chromium (Debian package); .ci/run installs it, so does this.
deps:
	@bash .ci/deps

vet:
	go vet ./...

# go test -json through tests/summary: a line per package, failed tests' output, and a
# closing "tests: N passed, N failed, N skipped".
test: assets deps services vet
	@go build -o bin/test-summary ./tests/summary
	set -o pipefail; go test -json -count=1 -p 2 -timeout 20m ./... 2>&1 | ./bin/test-summary

unit: assets
	go test -count=1 ./internal/...

bench: assets services
	go test -run '^$$' -bench . -benchtime 300x ./tests/bench/
	CPCA_BENCH_CAMPAIGN=1 go test -count=1 -timeout 30m -run TestCampaign50k -v ./tests/bench/
	CPCA_BENCH_IMPORT=1 go test -count=1 -run '^TestImport50k$$' -v -timeout 20m ./tests/bench/
	bash tests/bench/run.sh

clean:
	rm -rf bin node_modules public/vendor/htmx.min.js public/vendor/echarts.min.js
