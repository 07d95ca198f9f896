#!/bin/sh
# `yijian validate`: exit codes 0 ok / 3 warning / 1 invalid / 2 usage, and the
# Chinese message for each kind of mistake.
set -eu
: "${YIJIAN:?}"
export YJ_TODAY=2026-11-23
pass=0 failn=0
check() { # check EXPECTED_RC PATTERN TYPE VALUE [OPTIONS...]
	want=$1 pat=$2
	shift 2
	set +e
	out=$("$YIJIAN" validate "$@" 2>&1)
	rc=$?
	set -e
	if [ "$rc" -eq "$want" ] && printf '%s' "$out" | grep -q -- "$pat"; then
		pass=$((pass + 1))
	else
		failn=$((failn + 1))
		echo "FAIL: validate $* -> rc=$rc (want $want): $out"
	fi
}
check 0 'gender=F birth=1949-12-31' idcard 11010519491231002X
check 0 'norm=11010519491231002X' idcard 11010519491231002x
check 1 '校验位' idcard 110105194912310021
check 1 '' idcard 110105491231002
check 0 'norm=11010519491231002X' idcard 110105491231002 --legacy15
check 0 'region=310108' idcard 310108198001010012
check 1 '' idcard 11010520301231002X
check 0 'ok' phone 13812345678
check 0 'ok' phone 021-62345678
check 1 '手机' mobile 12812345678
check 0 'ok' postcode 200030
check 1 '6位数字' postcode 20003
check 0 'ok' uscc 91512081MA62K0260E
check 1 '' uscc 91310115MA1H8R7C6D
check 3 '核对' bank_account 6222021234567890124
check 0 'ok' bank_account 6222021234567890128
check 0 'norm=阿依古丽·买买提' name '阿依古丽•买买提'
check 1 '' name '王2'
check 0 'ok' name '㼆𠀀'
check 1 '闰年' date 2026-02-29
check 0 'ok' date 2024-02-29
check 0 'region=710000 台湾省' region 710000
check 0 'region=810000 香港特别行政区' region 810000
check 1 '不会以 71 开头' idcard 710000199001010015 --resident-only
check 1 '第2-3位 99' idcard 99984019900101001X
check 1 '990000' uscc 91990000MA1FR2K3XX
check 3 '没有分配' mobile 14012345678
check 1 '香港' landline 0852-2123456
check 1 '026' landline 026-61234567
check 1 '不存在' postcode 000000
check 1 '“-”' name '李-王'
check 3 '繁体字' name '李愛華' --standard-chars
check 2 'unknown type' bogus x
check 2 'usage' idcard
echo "$pass passed, $failn failed"
[ "$failn" -eq 0 ]
